package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"fullemp/campaign"
)

// reportCommands are the subcommands of `fullemp report`, each in its own function.
var reportCommands = map[string]struct {
	summary string
	run     func(ctx context.Context, app *App, args []string) error
}{
	"progress":   {"targets of SPEC §5 and the standards' summary: --year Y [--month M] [--region CODE]", reportProgress},
	"region":     {"every figure of a region and its children: CODE --month M", reportRegion},
	"standards":  {"each community's and street's standard items with reasons: --year Y [--month M] [--region CODE] [--failed]", reportStandards},
	"zero":       {"zero-employment households by month, or the open ones: CODE --from M --to M [--households]", reportZero},
	"placements": {"placements by channel and the 72-hour promise: CODE --from M --to M", reportPlacements},
	"verify":     {"a community's verification list 协查清单: COMMUNITY --month M [--format csv]", reportVerify},
}

func init() {
	register(command{
		name:    "report",
		summary: "figures, standards and targets (progress, region, standards, zero, placements, verify)",
		run: func(ctx context.Context, app *App, args []string) error {
			if len(args) == 0 || reportCommands[args[0]].run == nil {
				fmt.Fprintln(app.Err, "Usage: fullemp report KIND [args] [flags]   (fullemp report KIND --help)\n\nKinds:")
				for _, k := range []string{"progress", "region", "standards", "zero", "placements", "verify"} {
					fmt.Fprintf(app.Err, "  %-11s %s\n", k, reportCommands[k].summary)
				}
				if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
					return flag.ErrHelp
				}
				return errUsage
			}
			return reportCommands[args[0]].run(ctx, app, args[1:])
		},
	})
}

// reportFlags are the flags most reports share.
type reportFlags struct {
	fs     *flag.FlagSet
	year   int
	month  string
	from   string
	to     string
	region string
	format string
	out    string
}

func newReportFlags(app *App, name, usage string) *reportFlags {
	r := &reportFlags{fs: app.flags("report "+name, "report "+usage)}
	r.fs.StringVar(&r.format, "format", "table", "output: table, json or csv")
	r.fs.StringVar(&r.out, "out", "", "write to this file instead of standard output")
	return r
}

// parse parses the flags; a leading positional argument (a region code) may come before
// or after them. It returns the positional arguments.
func (r *reportFlags) parse(app *App, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		pos = append(pos, args[0])
		args = args[1:]
	}
	if err := app.parse(r.fs, args); err != nil {
		return nil, err
	}
	pos = append(pos, r.fs.Args()...)
	switch r.format {
	case "table", "json", "csv":
	default:
		return nil, fmt.Errorf("--format %q: want table, json or csv", r.format)
	}
	return pos, nil
}

// parseAt adds --month to the flags, parses args and returns the one region code they
// give (a community's for `what` "community") and the month.
func (r *reportFlags) parseAt(app *App, args []string, what string) (code string, month time.Time, err error) {
	r.fs.StringVar(&r.month, "month", "", "the month (required)")
	pos, err := r.parse(app, args)
	if err != nil {
		return "", month, err
	}
	if len(pos) != 1 || r.month == "" {
		r.fs.Usage()
		return "", month, fmt.Errorf("want one %s code and --month: %w", what, errUsage)
	}
	if month, err = parseMonth("month", r.month); err != nil {
		return "", month, err
	}
	return pos[0], month, nil
}

// parseRange adds --from and --to to the flags, parses args and returns the one region
// code they give and the months from and to (to defaults to from).
func (r *reportFlags) parseRange(app *App, args []string) (code string, from, to time.Time, err error) {
	r.fs.StringVar(&r.from, "from", "", "first month (required)")
	r.fs.StringVar(&r.to, "to", "", "last month (default --from)")
	pos, err := r.parse(app, args)
	if err != nil {
		return "", from, to, err
	}
	if len(pos) != 1 || r.from == "" {
		r.fs.Usage()
		return "", from, to, fmt.Errorf("want one region code and --from: %w", errUsage)
	}
	if r.to == "" {
		r.to = r.from
	}
	if from, err = parseMonth("from", r.from); err != nil {
		return "", from, to, err
	}
	if to, err = parseMonth("to", r.to); err != nil {
		return "", from, to, err
	}
	return pos[0], from, to, nil
}

// parseMonth reads YYYY-MM or YYYYMM as the first day of the month (UTC).
func parseMonth(flagName, s string) (time.Time, error) {
	for _, layout := range []string{"2006-01", "200601"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--%s %q: want a month YYYY-MM", flagName, s)
}

// output opens the report's destination.
func (r *reportFlags) output(app *App) (io.Writer, func() error, error) {
	return openOut(app, r.out)
}

// report is what a report command prints: value as JSON, or header and rows as a table
// or CSV; in table format, title comes before the table and notes after it.
type report struct {
	value  any
	title  string
	header []string
	rows   [][]string
	notes  func(w io.Writer)
}

// emit writes rep in the chosen format to the chosen output.
func (r *reportFlags) emit(app *App, rep report) error {
	w, done, err := r.output(app)
	if err != nil {
		return err
	}
	if r.format == "json" {
		err = writeJSON(w, rep.value)
	} else {
		if r.format == "table" && rep.title != "" {
			fmt.Fprint(w, rep.title)
		}
		err = writeTable(w, r.format, rep.header, rep.rows)
		if err == nil && r.format == "table" && rep.notes != nil {
			rep.notes(w)
		}
	}
	if cerr := done(); err == nil {
		err = cerr
	}
	return err
}

// writeJSON writes v indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table writes rows as an aligned text table or as CSV.
func writeTable(w io.Writer, format string, header []string, rows [][]string) error {
	if format == "csv" {
		cw := csv.NewWriter(w)
		_ = cw.Write(header)
		_ = cw.WriteAll(rows)
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func u(v uint64) string { return strconv.FormatUint(v, 10) }

func pct1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }

func yesNo(b bool) string {
	if b {
		return "yes 是"
	}
	return "no 否"
}

// defaultRegion is the city when --region is not given.
func defaultRegion(code string) string {
	if code == "" {
		return campaign.CityCode
	}
	return code
}
