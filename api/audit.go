package api

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/dashboards"
)

// auditFilter reads the audit's filters from the query: ?user=, ?action=, ?from= and
// ?to= (days YYYY-MM-DD in Beijing time, to inclusive), ?limit=.
func auditFilter(c *fiber.Ctx) (account.AuditFilter, error) {
	f := account.AuditFilter{User: c.Query("user"), Action: c.Query("action")}
	if f.Action != "" {
		if _, ok := actionLabels[f.Action]; !ok {
			return f, fiberInvalid("action", f.Action)
		}
	}
	for _, d := range []struct {
		param string
		at    *time.Time
		next  bool
	}{{"from", &f.From, false}, {"to", &f.To, true}} {
		v := c.Query(d.param)
		if v == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", v, beijing)
		if err != nil {
			return f, fiberInvalid(d.param, v)
		}
		if d.next {
			day = day.AddDate(0, 0, 1)
		}
		*d.at = day
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return f, fiberInvalid("limit", v)
		}
		f.Limit = n
	}
	return f, nil
}

// auditEvents returns the audit trail, filtered, for the city role only.
func (s *Server) auditEvents(c *fiber.Ctx) ([]account.Event, account.AuditFilter, error) {
	p := dashboards.PrincipalOf(c)
	if err := p.Check(campaign.CityCode); err != nil {
		return nil, account.AuditFilter{}, err
	}
	f, err := auditFilter(c)
	if err != nil {
		return nil, f, err
	}
	ev, err := s.acc.AuditWhere(c.UserContext(), f)
	return ev, f, err
}

// auditJSON: GET /api/v1/audit?user=&action=&from=&to=&limit= (city role).
func (s *Server) auditJSON(c *fiber.Ctx) error {
	ev, _, err := s.auditEvents(c)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"events": nonNil(ev)})
}

// auditPage: GET /audit with the same filters (city role); the table downloads as CSV or
// XLSX with them.
func (s *Server) auditPage(c *fiber.Ctx) error {
	ev, f, err := s.auditEvents(c)
	if err != nil {
		return err
	}
	lang := dashboards.LangOf(c)
	t := auditTable(ev, lang)
	q := filterQuery(c)
	actions := make([]dashboards.Option, 0, len(actionOrder))
	for _, a := range actionOrder {
		actions = append(actions, dashboards.Option{Value: a, Label: label(lang, actionLabels[a], a), Selected: a == f.Action})
	}
	return s.dash.AuditPage(c, t, dashboards.AuditForm{User: c.Query("user"), From: c.Query("from"), To: c.Query("to"),
		Actions: actions, CSV: "/audit/export.csv?" + q, XLSX: "/audit/export.xlsx?" + q})
}

// auditExport: GET /audit/export.csv|xlsx with the page's filters (city role); itself
// audited as an export of the audit.
func (s *Server) auditExport(c *fiber.Ctx) error {
	format := c.Params("format")
	if format != "csv" && format != "xlsx" {
		return fmt.Errorf("export format %q: want csv or xlsx: %w", format, account.ErrNotFound)
	}
	ev, _, err := s.auditEvents(c)
	if err != nil {
		return err
	}
	t := auditTable(ev, dashboards.LangOf(c))
	if err := sendTable(c, t, format, downloadOf(t, time.Now().In(beijing).Format("2006-01-02"))); err != nil {
		return err
	}
	s.dash.Audit(c, account.ActionExport, campaign.CityCode, fmt.Sprintf("audit.%s %s rows=%d", format, filterQuery(c), len(ev)))
	return nil
}

// filterQuery is the request's audit filters as a query string.
func filterQuery(c *fiber.Ctx) string {
	q := url.Values{}
	for _, k := range []string{"user", "action", "from", "to", "limit", "lang"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// auditTable is the events as the page and its downloads show them.
func auditTable(ev []account.Event, lang dashboards.Lang) *dashboards.Table {
	t := &dashboards.Table{ID: "audit", Title: dashboards.T(lang, "audit"), Columns: []string{
		dashboards.T(lang, "at"), dashboards.T(lang, "user"), dashboards.T(lang, "role"), dashboards.T(lang, "region"),
		dashboards.T(lang, "action"), dashboards.T(lang, "object"), dashboards.T(lang, "detail"), "IP"}}
	for _, e := range ev {
		t.Rows = append(t.Rows, dashboards.Row{Cells: []dashboards.Cell{{Text: e.At.In(beijing).Format("2006-01-02 15:04:05")},
			{Text: e.User}, {Text: label(lang, "role_"+e.Role, e.Role)}, {Text: e.Region, ID: true}, {Text: label(lang, actionLabels[e.Action], e.Action)},
			{Text: e.Target, ID: true}, {Text: e.Detail}, {Text: e.Remote}}})
	}
	return t
}

// beijing is the time the city's officials read (UTC+8, no daylight saving); the page
// says so in the column's title. The JSON keeps the instant as stored.
var beijing = time.FixedZone("CST", 8*3600)

// actionOrder lists the audited actions as the filter offers them.
var actionOrder = []string{account.ActionLogin, account.ActionLoginFailed, account.ActionLoginThrottled, account.ActionLoginLocked, account.ActionResidents, account.ActionHouseholds,
	account.ActionVerify, account.ActionPlacements, account.ActionExport, account.ActionUpload, account.ActionPublish}

// actionLabels are the message keys of the audited actions.
var actionLabels = map[string]string{
	account.ActionLogin: "act_login", account.ActionLoginFailed: "act_login_bad",
	account.ActionLoginThrottled: "act_login_throttled", account.ActionLoginLocked: "act_login_locked",
	account.ActionResidents: "act_residents", account.ActionVerify: "act_verify",
	account.ActionHouseholds: "act_households", account.ActionPlacements: "act_placements",
	account.ActionExport: "act_export", account.ActionUpload: "act_upload", account.ActionPublish: "act_publish",
}

// label is the page label of message key, id itself when there is no such message.
func label(lang dashboards.Lang, key, id string) string {
	if l := dashboards.T(lang, key); key != "" && l != key {
		return l
	}
	return id
}
