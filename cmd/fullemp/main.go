// Command fullemp is the full-employment campaign's warehouse and dashboard: one binary
// whose subcommands generate the demo city, ingest files, report figures and serve pages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"

	_ "time/tzdata" // Asia/Shanghai without relying on the machine's zoneinfo
)

// command is one subcommand. Each lives in its own file and registers itself in init.
type command struct {
	name    string
	summary string
	// run parses args with the flag set it builds (app.flags adds the shared ones) and runs.
	run func(ctx context.Context, app *App, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:]))
}

// Main runs one subcommand and returns the process exit code; tests call it directly.
func Main(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "fullemp: unknown command %q\n\n", args[0])
		usage()
		return 2
	}
	app := NewApp(os.Stdout, os.Stderr)
	defer app.Close()
	err := c.run(ctx, app, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(os.Stderr, "fullemp %s: %v\n", c.name, err)
		return 1
	}
}

// errUsage marks an error already explained to the user with the command's usage.
var errUsage = errors.New("usage")

func usage() {
	fmt.Fprint(os.Stderr, `fullemp — full-employment campaign warehouse and dashboards (充分就业统计平台)

Usage: fullemp COMMAND [flags]   (fullemp COMMAND --help for its flags)

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(os.Stderr, `
The warehouse: --clickhouse HOST:PORT (or FULLEMP_CLICKHOUSE, or warehouse.addr in the
config file); with none, fullemp runs its own clickhouse-server with data under --data DIR.
On a ClickHouse cluster add --cluster NAME (or FULLEMP_CLUSTER, or warehouse.cluster).
`)
}
