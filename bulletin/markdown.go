package bulletin

import (
	"bytes"
	"fmt"
	"strings"
)

// Markdown renders the bulletin for pasting into an office system: the same sections,
// tables as pipe tables, charts as their table of values.
func Markdown(b *Bulletin) []byte {
	t := func(zh, en string) string {
		if b.Lang == "en" {
			return en
		}
		return zh
	}
	var w bytes.Buffer
	fmt.Fprintf(&w, "# %s\n\n", b.Title)
	issue := fmt.Sprintf("第%d期", b.Issue)
	if b.Lang == "en" {
		issue = fmt.Sprintf("No. %d", b.Issue)
	}
	fmt.Fprintf(&w, "%s · %s · %s · %s\n\n", b.PeriodLabel, issue, b.Issuer, b.Status.Label(b.Lang))
	if len(b.Revisions) > 0 {
		fmt.Fprintf(&w, "## %s\n\n", t("修订说明", "Revisions"))
		for _, r := range b.Revisions {
			fmt.Fprintf(&w, "%s\n\n", r)
		}
		if len(b.FilesSince) > 0 {
			fmt.Fprintf(&w, "%s%s\n\n", t("修订依据（上版发布后入库的文件）：", "Files ingested since the previous vintage: "), strings.Join(b.FilesSince, t("、", ", ")))
		}
	}
	for _, s := range b.Sections {
		fmt.Fprintf(&w, "## %s%s\n\n", s.No, s.Title)
		for _, p := range s.Paragraphs {
			fmt.Fprintf(&w, "%s\n\n", p)
		}
		for _, i := range s.Charts {
			c := b.Charts[i]
			fmt.Fprintf(&w, "**%s%d %s**\n\n| %s | %s | %s |\n|---|---:|---:|\n", t("图", "Figure "), c.No, c.Title, t("地区", "Area"), c.Unit, t("目标", "Target"))
			for j, l := range c.Labels {
				target := t("无", "none")
				if c.Targets[j] >= 0 {
					target = fmt.Sprintf("%.0f", c.Targets[j])
				}
				fmt.Fprintf(&w, "| %s | %.1f | %s |\n", l, c.Values[j], target)
			}
			w.WriteString("\n")
		}
		for _, i := range s.Tables {
			tb := b.Tables[i]
			fmt.Fprintf(&w, "**%s%d %s**", t("表", "Table "), tb.No, tb.Title)
			if tb.Unit != "" {
				fmt.Fprintf(&w, "（%s：%s）", t("单位", "unit"), tb.Unit)
			}
			fmt.Fprintf(&w, "\n\n| %s |\n|%s\n", strings.Join(tb.Columns, " | "), strings.Repeat("---|", len(tb.Columns)))
			for _, row := range tb.Rows {
				var cells []string
				for _, c := range row {
					v := b.Value(c)
					if c.Key != "" && b.Numbers[c.Key].Revised {
						v += "^" + revMark(b.Lang) + "^"
					}
					cells = append(cells, strings.ReplaceAll(v, "|", "\\|"))
				}
				fmt.Fprintf(&w, "| %s |\n", strings.Join(cells, " | "))
			}
			w.WriteString("\n")
		}
	}
	fmt.Fprintf(&w, "## %s\n\n", t("注释", "Notes"))
	for i, n := range b.Notes {
		fmt.Fprintf(&w, "[%d] %s\n\n", i+1, n)
	}
	fmt.Fprintf(&w, "## %s\n\n", t("数据来源", "Sources"))
	for _, s := range b.Sources {
		fmt.Fprintf(&w, "%s\n", s)
	}
	return w.Bytes()
}
