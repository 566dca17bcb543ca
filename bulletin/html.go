package bulletin

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"strings"
)

//go:embed bulletin.html.tmpl
var htmlText string

var htmlTemplate = template.Must(template.New("bulletin").Funcs(template.FuncMap{
	"cell": func(b *Bulletin, c Cell) template.HTML {
		v := template.HTMLEscapeString(b.Value(c))
		if c.Key != "" && b.Numbers[c.Key].Revised {
			v += `<sup class="rev">` + template.HTMLEscapeString(revMark(b.Lang)) + `</sup>`
		}
		return template.HTML(v)
	},
	"num":   func(c Cell) bool { return c.Key != "" },
	"chart": func(c Chart) template.HTML { return template.HTML(svgChart(c)) },
	"t": func(b *Bulletin, zh, en string) string {
		if b.Lang == "en" {
			return en
		}
		return zh
	},
	"status": func(b *Bulletin) string { return b.Status.Label(b.Lang) },
	"released": func(b *Bulletin) string {
		if b.Lang == "en" {
			return b.Released.Format("2 January 2006")
		}
		return b.Released.Format("2006年1月2日")
	},
	"table":   func(b *Bulletin, i int) Table { return b.Tables[i] },
	"inc":     func(i int) int { return i + 1 },
	"chartAt": func(b *Bulletin, i int) Chart { return b.Charts[i] },
}).Parse(htmlText))

func revMark(lang string) string {
	if lang == "en" {
		return "R"
	}
	return "修"
}

// HTML renders the bulletin as one self-contained page made for A4 print: no script, no
// font or image from elsewhere, charts as inline SVG.
func HTML(b *Bulletin) ([]byte, error) {
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, b); err != nil {
		return nil, fmt.Errorf("bulletin html: %w", err)
	}
	return buf.Bytes(), nil
}

// svgChart draws a horizontal bar chart with a marker per bar for its own target.
func svgChart(c Chart) string {
	const (
		width  = 640
		label  = 120
		barH   = 16
		gap    = 6
		right  = 60
		top    = 8
		bottom = 24
	)
	n := len(c.Values)
	height := top + n*(barH+gap) + bottom
	plot := float64(width - label - right)
	max := 100.0
	for _, v := range c.Values {
		max = math.Max(max, v)
	}
	x := func(v float64) float64 { return float64(label) + plot*v/max }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, width, height, template.HTMLEscapeString(c.Title))
	for _, g := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd" stroke-width="0.5"/>`, x(g), top, x(g), height-bottom)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="9" text-anchor="middle" fill="#555">%.0f%s</text>`, x(g), height-bottom+12, g, c.Unit)
	}
	for i, v := range c.Values {
		y := top + i*(barH+gap)
		color := "#3b6ea5"
		if i < len(c.Targets) && c.Targets[i] >= 0 {
			if v >= c.Targets[i] {
				color = "#3a8f4b"
			} else {
				color = "#c0392b"
			}
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="10" text-anchor="end" fill="#222">%s</text>`, label-6, y+barH-4, template.HTMLEscapeString(c.Labels[i]))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, label, y, x(v)-float64(label), barH, color)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="9" fill="#222">%.1f</text>`, x(v)+3, y+barH-4, v)
		if i < len(c.Targets) && c.Targets[i] >= 0 {
			tx := x(c.Targets[i])
			fmt.Fprintf(&sb, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#111" stroke-width="2"/>`, tx, y-2, tx, y+barH+2)
		}
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

// Parts cuts a rendered bulletin (a stored vintage's file, byte for byte) into what a page
// of the app shows it with: its first <style> element, whole, and its body's content. A
// vintage published before the body was one <article class="bulletin"> gets its body
// wrapped in one, so the page can frame it either way.
func Parts(html []byte) (style, body []byte) {
	if i := bytes.Index(html, []byte("<style>")); i >= 0 {
		if j := bytes.Index(html[i:], []byte("</style>")); j >= 0 {
			style = html[i : i+j+len("</style>")]
		}
	}
	body = html
	if i := bytes.Index(body, []byte("<body>")); i >= 0 {
		body = body[i+len("<body>"):]
	}
	if j := bytes.LastIndex(body, []byte("</body>")); j >= 0 {
		body = body[:j]
	}
	body = bytes.TrimSpace(body)
	if !bytes.HasPrefix(body, []byte(`<article class="bulletin">`)) {
		body = append(append([]byte(`<article class="bulletin">`), body...), "</article>"...)
	}
	return style, body
}
