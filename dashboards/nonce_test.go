package dashboards

import (
	"strings"
	"testing"
)

// TestChartScripts: a chart's markup holds no style attribute and two scripts with the
// nonce placeholder; a region name that would close the script (</script><script>…) or
// open a comment (which would let a later <script> swallow the end) stays inside the
// chart's data.
func TestChartScripts(t *testing.T) {
	evil := `</SCRIPT><script>alert(1)</script><!--`
	b, id := compareBar("t", "s", []string{"上城区", evil}, []float64{50, 60}, []float64{60, 60}, nil, Zh)
	v := snippet(b, "districts", []string{"330102", "330103"}, "/region/CODE")
	el, script := string(v.Element), string(v.Script)
	if !strings.Contains(el, `id="`+id+`"`) || strings.Contains(el, "style=") {
		t.Errorf("element %q: want the chart's container without a style attribute", el)
	}
	low := strings.ToLower(script)
	if closes := strings.Count(low, "</script"); closes != 2 || !strings.HasSuffix(low, "</script>") {
		t.Errorf("script has %d </script, want 2 (the size's, the chart's, at its end): %s", closes, script)
	}
	if n := strings.Count(script, `<script nonce="`+noncePlaceholder+`">`); n != 2 {
		t.Errorf("%d scripts with the nonce placeholder, want 2: %.300s", n, script)
	}
	if strings.Contains(script, "<!--") || !strings.Contains(script, `<\/SCRIPT><script>alert(1)<\/script><\!--`) {
		t.Errorf("the region name is not kept inside the chart's data: %s", script)
	}
	if !strings.Contains(script, `.style.cssText = "width:100%;height:320px;"`) {
		t.Errorf("the size script does not size the container: %.300s", script)
	}
}
