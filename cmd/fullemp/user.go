package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"fullemp/account"
)

func init() {
	register(command{
		name:    "user",
		summary: "manage dashboard accounts: user add|list|remove|token|passwd|revoke",
		run:     runUser,
	})
}

func runUser(ctx context.Context, app *App, args []string) error {
	usage := `user add NAME --role city|district|street|community --region CODE [--password P]
       user list
       user remove NAME
       user token NAME [--label L] [--days N]
       user passwd NAME [--password P]      (ends NAME's sessions)
       user revoke NAME                     (ends every session and API token of NAME)
       user revoke --token fe_…             (ends one API token)`
	if len(args) == 0 {
		fmt.Fprintf(app.Err, "Usage: fullemp %s\n", usage)
		return errUsage
	}
	sub := args[0]
	switch sub {
	case "add", "list", "remove", "token", "passwd", "revoke":
	case "-h", "-help", "--help", "help":
		fmt.Fprintf(app.Err, "Usage: fullemp %s\n", usage)
		return flag.ErrHelp
	default:
		fmt.Fprintf(app.Err, "fullemp user: unknown subcommand %q\nUsage: fullemp %s\n", sub, usage)
		return errUsage
	}
	fs := app.flags("user "+sub, usage)
	role := fs.String("role", "", "role: city, district, street or community")
	region := fs.String("region", "", "region code the role is bound to (3301 for the city)")
	password := fs.String("password", "", "password (default: read from FULLEMP_PASSWORD or standard input)")
	label := fs.String("label", "", "token label")
	token := fs.String("token", "", "revoke: the API token to end")
	days := fs.Int("days", 0, "token validity in days (default 10 years)")
	// Flags may come before or after NAME.
	var name string
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	if err := app.parse(fs, rest); err != nil {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	acc := account.New(s.Conn, app.Log)
	switch sub {
	case "add":
		if name == "" {
			return fmt.Errorf("user add: NAME missing")
		}
		if err := acc.Add(ctx, name, account.Role(*role), *region, readPassword(app, *password)); err != nil {
			return err
		}
		fmt.Fprintf(app.Out, "user %s (%s %s) saved\n", name, *role, *region)
	case "passwd":
		if name == "" {
			return fmt.Errorf("user passwd: NAME missing")
		}
		if err := acc.SetPassword(ctx, name, readPassword(app, *password)); err != nil {
			return err
		}
		fmt.Fprintf(app.Out, "password of %s changed; their sessions are ended\n", name)
	case "revoke":
		if *token != "" {
			who, err := acc.RevokeToken(ctx, *token)
			if err != nil {
				return fmt.Errorf("user revoke: %w", err)
			}
			fmt.Fprintf(app.Out, "token of %s revoked\n", who)
			return nil
		}
		if name == "" {
			return fmt.Errorf("user revoke: NAME or --token missing")
		}
		if err := acc.Revoke(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(app.Out, "every session and API token of %s revoked\n", name)
	case "list":
		users, err := acc.List(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			fmt.Fprintf(app.Out, "%-20s %-10s %-13s %s\n", u.Name, u.Role, u.Region, u.CreatedAt.Format(time.DateTime))
		}
	case "remove":
		if err := acc.Remove(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(app.Out, "user %s removed\n", name)
	case "token":
		tok, err := acc.IssueToken(ctx, name, *label, time.Duration(*days)*24*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintln(app.Out, tok)
	}
	return nil
}

// readPassword returns the --password flag, else FULLEMP_PASSWORD, else a line of stdin.
func readPassword(app *App, flagValue string) string {
	pw := flagValue
	if pw == "" {
		pw = os.Getenv("FULLEMP_PASSWORD")
	}
	if pw == "" {
		fmt.Fprint(app.Err, "password: ")
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		pw = strings.TrimSpace(line)
	}
	return pw
}
