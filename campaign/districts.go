package campaign

// District is a district or county-level city of Hangzhou as coded in 2009 (GB/T 2260).
type District struct {
	Code  string
	Name  string
	Group string // English value of DistrictGroups
}

// Hangzhou lists the 13 districts of 2009 with their groups (SPEC §1).
var Hangzhou = []District{
	{"330102", "上城区", "main_urban"},
	{"330103", "下城区", "main_urban"},
	{"330104", "江干区", "main_urban"},
	{"330105", "拱墅区", "main_urban"},
	{"330106", "西湖区", "main_urban"},
	{"330108", "滨江区", "main_urban"},
	{"330109", "萧山区", "xiaoshan"},
	{"330110", "余杭区", "yuhang"},
	{"330122", "桐庐县", "county"},
	{"330127", "淳安县", "county"},
	{"330182", "建德市", "county"},
	{"330183", "富阳市", "county"},
	{"330185", "临安市", "county"},
}

// CityCode is the code of Hangzhou itself, the root of every region code.
const CityCode = "3301"
