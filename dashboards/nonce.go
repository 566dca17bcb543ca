package dashboards

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// The pages' inline scripts (the go-echarts charts' code) run under a Content-Security-
// Policy that allows only the server's own script files and inline scripts carrying the
// response's nonce (api sets the policy and the nonce). Pages are rendered once and cached,
// so a rendered page holds noncePlaceholder where a nonce goes, and sendHTML writes each
// response's own nonce there. The placeholder is random per process: text on a page (a
// name, say) cannot name it to have a script of its own blessed.
var noncePlaceholder = func() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic("dashboards: random nonce placeholder: " + err.Error())
	}
	return "__fullemp_nonce_" + hex.EncodeToString(b) + "__"
}()

const nonceKey = "fullemp.nonce"

// SetNonce records the response's CSP nonce (api draws one per response).
func SetNonce(c *fiber.Ctx, nonce string) { c.Locals(nonceKey, nonce) }

// echartsScript is how go-echarts (v2.6, pinned in go.mod) opens a chart's inline script;
// checkSnippets fails start-up when a new version opens it otherwise.
const echartsScript = `<script type="text/javascript">`

// elementStyle is the style attribute go-echarts puts on a chart's container (its width
// and height). The policy allows style attributes only through style-src-attr (for
// ECharts' tooltips), which browsers before CSP 3 do not know: they apply style-src
// 'self' and would draw every chart 0 pixels high. So the size moves into a nonce'd
// script that sets it through the DOM (never refused by a policy) before ECharts draws.
var elementStyle = regexp.MustCompile(`<div class="item" id="([A-Za-z0-9_]+)" style="([^"]*)"`)

// scriptEnd finds what would end an inline script early or start an HTML comment inside
// it: "</script" (any case) and "<!--". go-echarts writes the chart's options as JSON
// without HTML escaping, so a region name like </script><script>… would otherwise close
// the chart's script and open one of its own.
var scriptEnd = regexp.MustCompile(`(?i)</(script)|<!--`)

// noncedChart turns go-echarts' element and script into what a page under the policy
// runs: the element without its style attribute, a nonce'd script that sizes it, and the
// chart's own script with the nonce and nothing inside it that could end it early.
func noncedChart(element, script string) (string, string, error) {
	m := elementStyle.FindStringSubmatch(element)
	if m == nil {
		return "", "", fmt.Errorf("chart element %.80q: no sized container", element)
	}
	body, ok := strings.CutPrefix(strings.TrimSpace(script), echartsScript)
	if !ok || !strings.HasSuffix(body, "</script>") {
		return "", "", fmt.Errorf("chart script %.80q: want go-echarts' %s … </script>", script, echartsScript)
	}
	body = strings.TrimSuffix(body, "</script>")
	body = scriptEnd.ReplaceAllStringFunc(body, func(s string) string {
		if s == "<!--" {
			return `<\!--`
		}
		return `<\/` + s[2:]
	})
	id, _ := json.Marshal(m[1])
	css, _ := json.Marshal(m[2])
	element = strings.Replace(element, m[0], `<div class="item" id="`+m[1]+`"`, 1)
	open := `<script nonce="` + noncePlaceholder + `">`
	size := open + "document.getElementById(" + string(id) + ").style.cssText = " + string(css) + ";</script>"
	return element, size + open + body + "</script>", nil
}
