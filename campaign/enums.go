package campaign

import "strings"

// Word is one value of an enumeration with its English and Chinese spellings.
type Word struct {
	English string
	Chinese string
}

// Enum is an enumeration whose values input files may give in either language.
type Enum []Word

// Parse returns the English value for s given in either language (case-insensitive for
// English), and whether it was recognised. Extra Chinese spellings listed in the Enum (a
// second Word with the same English) are accepted too.
func (e Enum) Parse(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, w := range e {
		if strings.EqualFold(s, w.English) || s == w.Chinese {
			return w.English, true
		}
	}
	return "", false
}

// Chinese returns the Chinese word of an English value, or the value itself.
func (e Enum) Chinese(english string) string {
	for _, w := range e {
		if w.English == english {
			return w.Chinese
		}
	}
	return english
}

// Values lists the English values, without repeats, in declaration order.
func (e Enum) Values() []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range e {
		if !seen[w.English] {
			seen[w.English] = true
			out = append(out, w.English)
		}
	}
	return out
}

// The enumerations of SPEC §1–2. Their English values are also the ClickHouse Enum8 names.
var (
	DistrictGroups = Enum{
		{"main_urban", "主城区"}, {"xiaoshan", "萧山区"}, {"yuhang", "余杭区"},
		{"county", "县(市)"}, {"county", "五县(市)"}, {"county", "县（市）"},
	}
	CommunityTypes = Enum{{"old", "老社区"}, {"converted", "撤村建居"}}
	Statuses       = Enum{
		{"employed", "就业"}, {"flexible", "灵活就业"},
		{"unemployed", "失业"}, {"out_of_labor_force", "非劳动力"},
	}
	Channels = Enum{
		{"flexible", "灵活就业鼓励"}, {"public_welfare", "公益性岗位安置"},
		{"job_fair", "专场招聘"}, {"order_training", "订单式培训"},
		{"one_on_one", "一对一帮扶"}, {"education", "宣传教育"},
	}
	SpotResults = Enum{{"pass", "通过"}, {"fail", "不通过"}}
)

// Booleans accepted in input files (SPEC §2), by their meaning.
var (
	trueWords  = []string{"y", "1", "true", "是", "yes", "t"}
	falseWords = []string{"n", "0", "false", "否", "no", "f"}
)

// ParseBool reads a boolean written as Y/N, 1/0, true/false or 是/否.
func ParseBool(s string) (value, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, w := range trueWords {
		if s == w {
			return true, true
		}
	}
	for _, w := range falseWords {
		if s == w {
			return false, true
		}
	}
	return false, false
}
