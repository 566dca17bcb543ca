package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"fullemp/period"
	"os"
	"text/tabwriter"
	"time"

	"fullemp/bulletin"
	"fullemp/campaign"
)

func init() {
	register(command{
		name:    "bulletin",
		summary: "statistical bulletins 统计月报/季报/年报: draft (--period P --format F --out FILE), publish, list, show",
		run:     runBulletin,
	})
}

// bulletinFlags are the flags of every bulletin subcommand.
type bulletinFlags struct {
	fs      *flag.FlagSet
	period  string
	region  string
	lang    string
	format  string
	out     string
	vintage int
	by      string
}

func newBulletinFlags(app *App, name, usage string) *bulletinFlags {
	f := &bulletinFlags{fs: app.flags(name, usage)}
	f.fs.StringVar(&f.period, "period", "", "the period: YYYY-MM (月报), YYYY-Qn (季报) or YYYY (年报)")
	f.fs.StringVar(&f.region, "region", campaign.CityCode, "the area: the city 3301, a district group, district or street code")
	f.fs.StringVar(&f.lang, "lang", "zh", "language: zh or en")
	f.fs.StringVar(&f.format, "format", "html", "html, pdf, xlsx or md")
	f.fs.StringVar(&f.out, "out", "", "write to this file (default standard output; a PDF or XLSX needs --out)")
	return f
}

func runBulletin(ctx context.Context, app *App, args []string) error {
	sub := ""
	if len(args) > 0 && (args[0] == "publish" || args[0] == "list" || args[0] == "show") {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "publish":
		f := newBulletinFlags(app, "bulletin publish", "bulletin publish --period P [--region R] [--lang zh|en] [--by NAME]")
		f.fs.StringVar(&f.by, "by", envOr("USER", "cli"), "who publishes (recorded with the vintage)")
		if err := f.parseNeedPeriod(app, args); err != nil {
			return err
		}
		b, err := f.draft(ctx, app)
		if err != nil {
			return err
		}
		s, _ := app.Store(ctx)
		v, err := bulletin.Publish(ctx, s.Conn, b, f.by, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(app.Out, "published %s %s (%s) vintage %d, %s\n", v.Area.Code, v.Period, v.Lang, v.Vintage, v.Status.Label(v.Lang))
		for _, r := range v.Revisions {
			fmt.Fprintln(app.Out, "  "+r)
		}
		return nil
	case "list":
		f := newBulletinFlags(app, "bulletin list", "bulletin list [--region R]")
		if err := app.parse(f.fs, args); err != nil {
			return err
		}
		s, err := app.Store(ctx)
		if err != nil {
			return err
		}
		list, err := bulletin.List(ctx, s.Conn, func(r string) bool { return f.region == campaign.CityCode || r == f.region })
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(app.Out, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "region\tperiod\tlang\tvintage\tstatus\tpublished\tby")
		for _, r := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Region, r.Period, r.Lang, r.Vintage, r.Status.Label("zh"), r.PublishedAt.Format("2006-01-02 15:04"), r.PublishedBy)
		}
		return tw.Flush()
	case "show":
		f := newBulletinFlags(app, "bulletin show", "bulletin show --period P [--region R] [--lang zh|en] --vintage N --format html|pdf|xlsx|md --out FILE")
		f.fs.IntVar(&f.vintage, "vintage", 0, "the published vintage (1, 2, …)")
		if err := f.parseNeedPeriod(app, args); err != nil {
			return err
		}
		if f.vintage < 1 {
			return fmt.Errorf("--vintage N is required: %w", errUsage)
		}
		s, err := app.Store(ctx)
		if err != nil {
			return err
		}
		st, err := bulletin.Show(ctx, s.Conn, f.region, f.period, f.lang, f.vintage)
		if err != nil {
			return err
		}
		data := map[string][]byte{"html": st.Files.HTML, "pdf": st.Files.PDF, "xlsx": st.Files.XLSX, "md": st.Files.Markdown}[f.format]
		return f.write(app, data)
	}
	f := newBulletinFlags(app, "bulletin", "bulletin --period P [--region R] [--lang zh|en] --format html|pdf|xlsx|md --out FILE   (also: publish, list, show)")
	if err := f.parseNeedPeriod(app, args); err != nil {
		return err
	}
	b, err := f.draft(ctx, app)
	if err != nil {
		return err
	}
	var data []byte
	switch f.format {
	case "html":
		data, err = bulletin.HTML(b)
	case "md":
		data = bulletin.Markdown(b)
	case "xlsx":
		data, err = bulletin.XLSX(b)
	case "pdf":
		var html []byte
		if html, err = bulletin.HTML(b); err == nil {
			data, err = bulletin.PDF(ctx, html)
		}
	}
	if err != nil {
		return err
	}
	return f.write(app, data)
}

func (f *bulletinFlags) parseNeedPeriod(app *App, args []string) error {
	if err := app.parse(f.fs, args); err != nil {
		return err
	}
	if f.period == "" {
		f.fs.Usage()
		return fmt.Errorf("--period is required: %w", errUsage)
	}
	p, err := period.Parse(f.period)
	if err != nil {
		return err
	}
	f.period = p.String()
	switch f.format {
	case "html", "pdf", "xlsx", "md":
	default:
		return fmt.Errorf("--format %q: want html, pdf, xlsx or md", f.format)
	}
	if (f.format == "pdf" || f.format == "xlsx") && f.out == "" {
		return fmt.Errorf("--format %s writes a binary file: give --out FILE", f.format)
	}
	return nil
}

func (f *bulletinFlags) draft(ctx context.Context, app *App) (*bulletin.Bulletin, error) {
	s, err := app.Store(ctx)
	if err != nil {
		return nil, err
	}
	p, _ := period.Parse(f.period)
	return bulletin.Build(ctx, bulletin.StoreSource{Store: s, Cfg: app.Config.Standard}, app.Config.Standard, bulletin.DefaultOptions(), f.region, p, f.lang, time.Now())
}

func (f *bulletinFlags) write(app *App, data []byte) error {
	if len(data) == 0 {
		return errors.New("nothing to write")
	}
	if f.out == "" {
		_, err := app.Out.Write(data)
		return err
	}
	if err := os.WriteFile(f.out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(app.Err, "wrote %s (%d bytes)\n", f.out, len(data))
	return nil
}
