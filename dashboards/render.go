package dashboards

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/period"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates are the page bodies; each is parsed once with the layout at start-up.
var pageTemplates = []string{"region", "login", "upload", "error", "audit"}

// Crumb is one step of the breadcrumbs.
type Crumb struct {
	Name string
	Href string
}

// View is what the layout and every page template read.
type View struct {
	Lang  Lang
	Title string
	P     account.Principal
	Path  string
	// Period is the page's period as period.Parse reads it, PeriodLabel its name in the
	// page's language, AsOf "as of 2010-09" when the period is read before its end.
	Period      string
	PeriodLabel string
	AsOf        string
	Choices     []ChoiceGroup
	MonthForm   bool
	SwitchLang  string
	Crumbs      []Crumb
	Notice      string
	Status      int
	Next        string
	// Retry is the address that the page of a 503 offers to load again (the request's).
	Retry string
	// CSRF is the form token of state-changing forms: a placeholder that sendHTML
	// replaces with the request's own token, so that a cached page serves every session.
	CSRF     string
	Gauges   []ChartView
	Charts   []ChartView
	Tables   []TableView
	Headline []HeadlineView
	Audit    *AuditForm
	// Pager, when set, links the page's list to its other pages.
	Pager   *Pager
	Summary *PeriodView
}

// parseTemplates parses layout + each page once; a missing or broken template fails
// start-up (NewServer calls it), and Check renders each one with an empty view.
func parseTemplates(assets *Assets) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"t":     T,
		"asset": assets.URL,
	}
	out := map[string]*template.Template{}
	for _, name := range pageTemplates {
		tpl, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if err := tpl.ExecuteTemplate(new(bytes.Buffer), "layout", &View{Lang: Zh, P: account.Principal{User: "check", Role: account.City, Region: "3301"}, MonthForm: true}); err != nil {
			return nil, fmt.Errorf("check template %s: %w", name, err)
		}
		out[name] = tpl
	}
	return out, nil
}

// render writes the page template name with v as HTML.
func (d *Dashboards) render(c *fiber.Ctx, name string, v *View) error {
	b, err := d.renderBytes(name, v)
	if err != nil {
		return err
	}
	return sendHTML(c, b)
}

// renderBytes executes the page template name with v.
func (d *Dashboards) renderBytes(name string, v *View) ([]byte, error) {
	tpl := d.tpl[name]
	if tpl == nil {
		return nil, fmt.Errorf("no template %s", name)
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// csrfPlaceholder stands for the request's form token in rendered pages.
const csrfPlaceholder = "__fullemp_csrf__"

const csrfKey = "fullemp.csrf"

// SetCSRF records the request's form token (api derives it from the session).
func SetCSRF(c *fiber.Ctx, token string) { c.Locals(csrfKey, token) }

// sendHTML sends a rendered page with the request's own form token and CSP nonce in
// place of their placeholders.
func sendHTML(c *fiber.Ctx, b []byte) error {
	tok, _ := c.Locals(csrfKey).(string)
	nonce, _ := c.Locals(nonceKey).(string)
	b = bytes.ReplaceAll(b, []byte(csrfPlaceholder), []byte(tok))
	b = bytes.ReplaceAll(b, []byte(noncePlaceholder), []byte(nonce))
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set("Cache-Control", "no-store")
	return c.Send(b)
}

// request is what a page needs of its request, copied out of the fiber context so that a
// page can be rendered after the request (a cache refresh in the background).
type request struct {
	lang  Lang
	path  string
	query url.Values
	p     account.Principal
}

func snapshot(c *fiber.Ctx) request {
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	return request{lang: LangOf(c), path: c.Path(), query: q, p: PrincipalOf(c)}
}

// newView fills what every page shares: language, principal, path, language switch.
func (d *Dashboards) newView(c *fiber.Ctx, title string) *View { return newViewOf(snapshot(c), title) }

func newViewOf(r request, title string) *View {
	other := "en"
	if r.lang == En {
		other = "zh-CN"
	}
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	q.Set("lang", other)
	return &View{Lang: r.lang, Title: title, P: r.p, Path: r.path, SwitchLang: r.path + "?" + q.Encode(), CSRF: csrfPlaceholder}
}

// LangOf returns the request's language: ?lang=, else the lang cookie, else Chinese.
func LangOf(c *fiber.Ctx) Lang {
	if l := c.Query("lang"); l != "" {
		return ParseLang(l)
	}
	return ParseLang(c.Cookies("lang"))
}

const principalKey = "fullemp.principal"

// SetPrincipal records the authenticated principal of the request (api's auth does it).
func SetPrincipal(c *fiber.Ctx, p account.Principal) { c.Locals(principalKey, p) }

// PrincipalOf returns the request's principal; the zero Principal (which allows nothing)
// when none was set.
func PrincipalOf(c *fiber.Ctx) account.Principal {
	p, _ := c.Locals(principalKey).(account.Principal)
	return p
}

// ErrorPage renders an HTML error page for err (the api's one ErrorHandler calls it for
// pages, with the status and message it maps err to). A 503 (the database did not answer)
// says so in Chinese, then in English, whatever the reader's language, with a link to try
// the same address again.
func (d *Dashboards) ErrorPage(c *fiber.Ctx, status int, msg string, err error) error {
	lang := LangOf(c)
	v := d.newView(c, T(lang, "error"))
	v.Status, v.Notice = status, msg
	if status == fiber.StatusServiceUnavailable {
		v.Title = T(Zh, "unavailable_title") + " · " + T(En, "unavailable_title")
		v.Retry = c.OriginalURL()
	}
	// The message names the region and the rule (in English, as the API says it); the
	// page first says in the reader's language what happened. A period without data says
	// it in a sentence of its own, Chinese then English.
	if k := fmt.Sprintf("status_%d", status); T(lang, k) != k && !errors.Is(err, period.ErrNoData) {
		v.Notice = T(lang, k) + " (" + msg + ")"
	}
	c.Status(status)
	return d.render(c, "error", v)
}
