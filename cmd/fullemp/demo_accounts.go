package main

import (
	"context"
	"fmt"
	"sort"

	"fullemp/account"
	"fullemp/campaign"
)

// demoAccount is one account `fullemp demo-accounts` creates; the demo's passwords are
// public (printed by serve) — never run demo-accounts on real data.
type demoAccount struct {
	name     string
	role     account.Role
	password string
}

var demoAccounts = []demoAccount{
	{"city", account.City, "city-demo-2009"},
	{"district", account.District, "district-demo-2009"},
	{"street", account.Street, "street-demo-2009"},
	{"community", account.Community, "community-demo-2009"},
}

func demoPassword(name string) (string, bool) {
	for _, d := range demoAccounts {
		if d.name == name {
			return d.password, true
		}
	}
	return "", false
}

func init() {
	register(command{
		name:    "demo-accounts",
		summary: "create the demo accounts (city, district, street, community) on the loaded demo city",
		run: func(ctx context.Context, app *App, args []string) error {
			fs := app.flags("demo-accounts", "demo-accounts [flags]")
			if err := app.parse(fs, args); err != nil {
				return err
			}
			s, err := app.Store(ctx)
			if err != nil {
				return err
			}
			regs, err := s.Regions(ctx)
			if err != nil {
				return err
			}
			comms := regs.Communities(campaign.CityCode)
			if len(comms) == 0 {
				return fmt.Errorf("no regions loaded: run fullemp ingest first")
			}
			// The first main-urban district with data, its first street and community.
			sort.Slice(comms, func(i, j int) bool { return comms[i].Code < comms[j].Code })
			c := comms[0]
			for _, x := range comms {
				if x.Group == "main_urban" {
					c = x
					break
				}
			}
			acc := account.New(s.Conn, app.Log)
			acc.Demo = true // the demo's public passwords, allowed here only
			region := map[account.Role]string{account.City: campaign.CityCode, account.District: c.District, account.Street: c.Street, account.Community: c.Code}
			for _, d := range demoAccounts {
				if err := acc.Add(ctx, d.name, d.role, region[d.role], d.password); err != nil {
					return err
				}
				fmt.Fprintf(app.Out, "demo account %-10s password %-20s %s %s\n", d.name, d.password, d.role, region[d.role])
			}
			return nil
		},
	})
}
