package api

import (
	"strconv"
	"time"

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
		dashboards.T(lang, "at"), dashboards.T(lang, "user"), dashboards.T(lang, "role"), dashboards.T(lang, "region"),
		dashboards.T(lang, "action"), dashboards.T(lang, "object"), dashboards.T(lang, "detail"), "IP"}}
	for _, e := range ev {
		t.Rows = append(t.Rows, dashboards.Row{Cells: []dashboards.Cell{{Text: e.At.In(beijing).Format("2006-01-02 15:04:05")},
			{Text: e.User}, {Text: label(lang, "role_"+e.Role, e.Role)}, {Text: e.Region}, {Text: label(lang, actionLabels[e.Action], e.Action)},
			{Text: e.Target}, {Text: e.Detail}, {Text: e.Remote}}})
	}
	return s.dash.AuditPage(c, t)
}

// beijing is the time the city's officials read (UTC+8, no daylight saving); the page
// says so in the column's title. The JSON keeps the instant as stored.
var beijing = time.FixedZone("CST", 8*3600)

// actionLabels are the message keys of the audited actions.
var actionLabels = map[string]string{
	account.ActionLogin: "act_login", account.ActionLoginFailed: "act_login_bad",
	account.ActionResidents: "act_residents", account.ActionVerify: "act_verify",
	account.ActionExport: "act_export", account.ActionUpload: "act_upload",
}

// label is the page label of message key, id itself when there is no such message.
func label(lang dashboards.Lang, key, id string) string {
	if l := dashboards.T(lang, key); key != "" && l != key {
		return l
	}
	return id
}
