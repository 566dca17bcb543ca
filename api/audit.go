package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/dashboards"
)

// auditEvents returns the audit trail for the city role only.
func (s *Server) auditEvents(c *fiber.Ctx) ([]account.Event, error) {
	p := dashboards.PrincipalOf(c)
	if err := p.Check(campaign.CityCode); err != nil {
		return nil, err
	}
	limit, _ := strconv.Atoi(c.Query("limit", "500"))
	return s.acc.Audit(c.UserContext(), limit)
}

// auditJSON: GET /api/v1/audit?limit=N (city role).
func (s *Server) auditJSON(c *fiber.Ctx) error {
	ev, err := s.auditEvents(c)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"events": nonNil(ev)})
}

// auditPage: GET /audit (city role).
func (s *Server) auditPage(c *fiber.Ctx) error {
	ev, err := s.auditEvents(c)
	if err != nil {
		return err
	}
	lang := dashboards.LangOf(c)
	t := &dashboards.Table{ID: "audit", Title: dashboards.T(lang, "audit"), Columns: []string{
		dashboards.T(lang, "at"), dashboards.T(lang, "user"), "role", "region", dashboards.T(lang, "action"),
		"target", dashboards.T(lang, "detail"), "IP"}}
	for _, e := range ev {
		t.Rows = append(t.Rows, dashboards.Row{Cells: []dashboards.Cell{{Text: e.At.Format("2006-01-02 15:04:05")},
			{Text: e.User}, {Text: e.Role}, {Text: e.Region}, {Text: e.Action}, {Text: e.Target}, {Text: e.Detail}, {Text: e.Remote}}})
	}
	return s.dash.AuditPage(c, t)
}
