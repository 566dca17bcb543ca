package ingest

import (
	"fmt"
	"strings"

	"fullemp/campaign"
)

// layout maps a file's header onto the columns of its kind.
type layout struct {
	kind    campaign.Kind
	header  []string // the file's header cells as written
	index   []int    // for each column of the kind (campaign.Columns order), its cell in the file, or -1
	unknown []string // header cells that name no column of the kind
	dates   []int    // columns of the kind that hold dates (see dateLayouts)
}

// match recognises the kind of a header (English or Chinese names, any order, any case):
// the kind with the most matching columns wins, ties going to the kind whose columns the
// header covers best. forced, when set, is taken as the kind. Every required column of the
// kind must be present.
func match(header []string, forced campaign.Kind) (layout, error) {
	kind := forced
	if kind == "" {
		best, bestRatio := 0, 0.0
		for _, k := range campaign.Kinds {
			n := 0
			for _, h := range header {
				if k.ColumnIndex(h) >= 0 {
					n++
				}
			}
			ratio := float64(n) / float64(len(campaign.Columns[k]))
			if n > best || (n == best && n > 0 && ratio > bestRatio) {
				kind, best, bestRatio = k, n, ratio
			}
		}
		if kind == "" {
			return layout{}, fmt.Errorf("unknown header %q: it names no column of any kind (%s)", strings.Join(header, ","), kindList())
		}
	} else if !kind.Valid() {
		return layout{}, fmt.Errorf("unknown kind %q (%s)", kind, kindList())
	}
	cols := campaign.Columns[kind]
	l := layout{kind: kind, header: header, index: make([]int, len(cols))}
	for i := range l.index {
		l.index[i] = -1
		if _, ok := dateLayouts[cols[i].Name]; ok {
			l.dates = append(l.dates, i)
		}
	}
	for j, h := range header {
		i := kind.ColumnIndex(h)
		switch {
		case i < 0:
			if strings.TrimSpace(h) != "" {
				l.unknown = append(l.unknown, strings.TrimSpace(h))
			}
		case l.index[i] >= 0:
			return layout{}, fmt.Errorf("column %s appears twice in the header (cells %d and %d)", cols[i].Name, l.index[i]+1, j+1)
		default:
			l.index[i] = j
		}
	}
	var missing []string
	for i, c := range cols {
		if c.Required && l.index[i] < 0 {
			missing = append(missing, c.Name+" "+c.Alias)
		}
	}
	if len(missing) > 0 {
		return layout{}, fmt.Errorf("header is not a complete %s file: missing %s", kind, strings.Join(missing, ", "))
	}
	return l, nil
}

func kindList() string {
	names := make([]string, len(campaign.Kinds))
	for i, k := range campaign.Kinds {
		names[i] = string(k)
	}
	return "kinds: " + strings.Join(names, ", ")
}
