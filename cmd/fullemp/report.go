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
	"fullemp/period"
	"fullemp/warehouse"
)

// reportCommands are the subcommands of `fullemp report`, each in its own function.
var reportCommands = map[string]struct {
	summary string
	run     func(ctx context.Context, app *App, args []string) error
}{
	"progress":   {"targets of SPEC §5 and the standards' summary: --year Y [--period P] [--region CODE]", reportProgress},
	"region":     {"every figure of a region and its children over a period: CODE --period P (month, quarter or year)", reportRegion},
	"standards":  {"each community's and street's standard items with reasons: --year Y [--period P] [--region CODE] [--failed]", reportStandards},
	"zero":       {"zero-employment households by month, or the open ones: CODE --from M --to M | --period P [--households]", reportZero},
	"placements": {"placements by channel and the 72-hour promise: CODE --from M --to M | --period P", reportPlacements},
	"verify":     {"a community's verification list 协查清单: COMMUNITY --period P [--format csv]", reportVerify},
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
	// period is --period as given (a month, a quarter or a year: period.Parse).
	period string
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

// addPeriod adds --period and --month (the same: a month is a period) to the flags.
func (r *reportFlags) addPeriod(usage string) {
	r.fs.StringVar(&r.period, "period", "", usage+": a month 2009-12, a quarter 2009-Q4 or a year 2009")
	r.fs.StringVar(&r.month, "month", "", "a month YYYY-MM (the same as --period YYYY-MM)")
}

// periodFlag returns the period --period or --month gives; ok is false when neither does.
func (r *reportFlags) periodFlag() (p period.Period, ok bool, err error) {
	switch {
	case r.period != "" && r.month != "":
		return p, false, fmt.Errorf("--period and --month: give one of them")
	case r.period != "":
		p, err = period.Parse(r.period)
	case r.month != "":
		p, err = period.Parse(r.month)
		if err == nil && p.Kind != period.Monthly {
			err = fmt.Errorf("--month %q is a %s: use --period for it", r.month, p.Kind)
		}
	default:
		return p, false, nil
	}
	return p, err == nil, err
}

// parseAt adds --period (or --month) to the flags, parses args and returns the one region
// code they give (a community's for `what` "community") and the period.
func (r *reportFlags) parseAt(app *App, args []string, what string) (code string, p period.Period, err error) {
	r.addPeriod("the period (required)")
	pos, err := r.parse(app, args)
	if err != nil {
		return "", p, err
	}
	p, ok, err := r.periodFlag()
	if err != nil {
		return "", p, err
	}
	if len(pos) != 1 || !ok {
		r.fs.Usage()
		return "", p, fmt.Errorf("want one %s code and --period: %w", what, errUsage)
	}
	return pos[0], p, nil
}

// parseRange adds --from and --to, and --period, to the flags, parses args and returns
// the one region code they give. The months come from monthsOf, once the warehouse is
// open.
func (r *reportFlags) parseRange(app *App, args []string) (code string, err error) {
	r.fs.StringVar(&r.from, "from", "", "first month (required unless --period)")
	r.fs.StringVar(&r.to, "to", "", "last month (default --from)")
	r.fs.StringVar(&r.period, "period", "", "instead of --from and --to: a month 2009-12, a quarter 2009-Q4 or a year 2009 (its months up to the last with a ledger)")
	pos, err := r.parse(app, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 || (r.from == "") == (r.period == "") || (r.period != "" && r.to != "") {
		r.fs.Usage()
		return "", fmt.Errorf("want one region code and --from (with --to) or --period: %w", errUsage)
	}
	return pos[0], nil
}

// monthsOf returns the months --from and --to give (to defaults to from), or those of
// --period: its first month and its last with a ledger.
func (r *reportFlags) monthsOf(ctx context.Context, s *warehouse.Store) (from, to time.Time, err error) {
	if r.period != "" {
		p, err := period.Parse(r.period)
		if err != nil {
			return from, to, err
		}
		sp, err := spanOf(ctx, s, p)
		if err != nil {
			return from, to, err
		}
		return sp.From(), sp.AsOf, nil
	}
	if r.to == "" {
		r.to = r.from
	}
	if from, err = parseMonth("from", r.from); err != nil {
		return from, to, err
	}
	if to, err = parseMonth("to", r.to); err != nil {
		return from, to, err
	}
	return from, to, nil
}

// spanOf reads p against the warehouse's months with a ledger; a period without any is a
// *period.NoDataError, whose sentence (Chinese, then English) the command prints as it
// exits with status 1.
func spanOf(ctx context.Context, s *warehouse.Store, p period.Period) (period.Span, error) {
	months, err := s.LedgerMonths(ctx)
	if err != nil {
		return period.Span{}, err
	}
	return p.Resolve(months)
}

// parseMonth reads a month flag (period.ParseMonth: YYYY-MM or YYYYMM), naming the flag
// in its error.
func parseMonth(flagName, s string) (time.Time, error) {
	m, err := period.ParseMonth(s)
	if err != nil {
		return m, fmt.Errorf("--%s: %w", flagName, err)
	}
	return m, nil
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
