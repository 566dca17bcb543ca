package api

import (
	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/dashboards"
)

// households: a community's households in the period's last month with a ledger,
// zero-employment first; audited as a person-level view (the members' names).
func (s *Server) households(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	m := sp.AsOf
	hs, err := s.src(c).Households(c.UserContext(), c.Params("code"), m)
	if err != nil {
		return err
	}
	s.dash.Audit(c, account.ActionHouseholds, c.Params("code"), "api "+m.Format("2006-01"))
	return c.JSON(fiber.Map{"month": m.Format("2006-01"), "households": nonNil(hs)})
}

// residents: a community's ledger for the month (ID numbers masked for district and city
// users); audited as a person-level view.
func (s *Server) residents(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	m := sp.AsOf
	code := c.Params("code")
	rs, err := s.src(c).Residents(c.UserContext(), code, m)
	if err != nil {
		return err
	}
	s.dash.Audit(c, account.ActionResidents, code, "api "+m.Format("2006-01"))
	return c.JSON(fiber.Map{"month": m.Format("2006-01"), "residents": nonNil(rs)})
}

// verification: a community's verification list 协查清单 for the month; audited.
func (s *Server) verification(c *fiber.Ctx) error {
	sp, err := s.span(c, c.Params("code"))
	if err != nil {
		return err
	}
	m := sp.AsOf
	code := c.Params("code")
	list, err := s.src(c).Verification(c.UserContext(), code, m)
	if err != nil {
		return err
	}
	s.dash.Audit(c, account.ActionVerify, code, "api "+m.Format("2006-01"))
	return c.JSON(fiber.Map{"month": m.Format("2006-01"), "verification": nonNil(list)})
}

// tableJSON: any page table (the rows of a download) as JSON: ?region=&period=.
func (s *Server) tableJSON(c *fiber.Ctx) error {
	t, err := s.buildTable(c, c.Params("table"))
	if err != nil {
		return err
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r.Cells))
		for j, cell := range r.Cells {
			rows[i][j] = cell.Text
		}
	}
	return c.JSON(fiber.Map{"id": t.ID, "title": t.Title, "columns": t.Columns, "rows": rows})
}

// buildTable builds a page table for ?region= and ?period= (or ?month=), auditing
// person-level ones.
func (s *Server) buildTable(c *fiber.Ctx, id string) (*dashboards.Table, error) {
	region := c.Query("region")
	if region == "" {
		region = dashboards.PrincipalOf(c).Region
	}
	sp, err := s.span(c, region)
	if err != nil {
		return nil, err
	}
	t, err := dashboards.BuildTable(c.UserContext(), s.src(c), id, region, sp, dashboards.LangOf(c))
	if err != nil {
		return nil, err
	}
	if action, ok := dashboards.PersonLevel[id]; ok {
		s.dash.Audit(c, action, region, "table "+id+" "+sp.Period.String())
	}
	return t, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
