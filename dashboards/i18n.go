package dashboards

import "strings"

// Lang is a page language: Chinese first, English on request.
type Lang string

// The two languages of the pages.
const (
	Zh Lang = "zh-CN"
	En Lang = "en"
)

// ParseLang reads a ?lang= or cookie value; anything but English is Chinese.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return En
	}
	return Zh
}

// messages holds every label of the pages, in Chinese and English.
var messages = map[string][2]string{
	"app":               {"杭州市充分就业统计平台", "Hangzhou full-employment dashboards"},
	"login":             {"登录", "Log in"},
	"logout":            {"退出", "Log out"},
	"username":          {"用户名", "User name"},
	"password":          {"密码", "Password"},
	"bad_login":         {"用户名或密码错误", "Wrong user name or password"},
	"month":             {"月份", "Month"},
	"go":                {"查看", "Show"},
	"overview":          {"全市概况", "City overview"},
	"citywide":          {"全市", "city-wide"},
	"spot_pass":         {"通过", "passed"},
	"spot_fail":         {"不通过", "failed"},
	"spot_none":         {"未抽查", "not checked"},
	"threshold":         {"标准", "Threshold"},
	"held":              {"是否满足", "Held"},
	"own_standard":      {"本社区达标情况", "This community's standard"},
	"by_channel":        {"帮扶安置（六个一批）", "Placements by channel"},
	"city":              {"杭州市", "Hangzhou"},
	"targets":           {"目标进度", "Targets"},
	"target":            {"目标", "Target"},
	"actual":            {"实际", "Actual"},
	"met":               {"达标", "Met"},
	"not_met":           {"未达标", "Not met"},
	"gap":               {"差距", "Gap"},
	"units":             {"个", "more"},
	"projected":         {"预计达成", "Projected"},
	"never":             {"按当前进度无法达成", "not at the current pace"},
	"outlook":           {"达成情况", "Outcome"},
	"final_met":         {"已达成", "met"},
	"final_missed":      {"未达成", "missed"},
	"met_since":         {"已达成（%s起）", "met (since %s)"},
	"on_pace":           {"按当前进度预计%s达成", "on pace for %s"},
	"off_pace":          {"按当前进度期限前无法达成：每月需新增%.1f个（近期每月%.1f个）", "cannot be met by the deadline at the current pace: needs %.1f more a month (recently %.1f)"},
	"no_pace":           {"月份太少，无法推算进度", "too few months for a pace"},
	"no_target":         {"本年无目标", "no target this year"},
	"no_comm_target":    {"本年无社区目标", "no community target this year"},
	"no_comm_target_y":  {"%d年社区达标率（本年无社区目标）", "%d communities meeting (no community target this year)"},
	"own_target":        {"本地区目标", "Own target"},
	"own_actual":        {"目标口径实际", "Actual on it"},
	"streets_of_target": {"街道", "streets"},
	"total":             {"合计", "Total"},
	"late":              {"晚于期限", "after the deadline"},
	"progress_by_month": {"按月进度", "Progress by month"},
	"own_markers":       {"标记为各自目标", "markers: each one's own target"},
	"share_met":         {"达标社区占比", "Share of communities meeting"},
	"target_line":       {"目标线", "Target line"},
	"streets_met":       {"主城区达标街道占比", "Main-urban streets meeting"},
	"streets_target":    {"目标线（主城区街道）", "Target line (main-urban streets)"},
	"zero_households":   {"零就业家庭（按月）", "Zero-employment households by month"},
	"formed":            {"新增", "Formed"},
	"eliminated":        {"消除", "Eliminated"},
	"outstanding":       {"存量", "Outstanding"},
	"hh_unit":           {"户", "households"},
	"districts":         {"各区县比较", "Districts compared"},
	"league":            {"区县排名", "District league table"},
	"change":            {"较上月（百分点）", "Change on last month (points)"},
	"freshness":         {"数据时效：本月台帐缺报社区", "Data freshness: communities missing this month's ledger"},
	"none_missing":      {"本月所有社区均已报送台帐。", "Every community sent this month's ledger."},
	"district":          {"区县", "District"},
	"street":            {"街道", "Street"},
	"streets":           {"街道", "Streets"},
	"community":         {"社区", "Community"},
	"communities":       {"社区", "Communities"},
	"code":              {"代码", "Code"},
	"name":              {"名称", "Name"},
	"scope":             {"范围", "Scope"},
	"assessed":          {"考核社区数", "Assessed"},
	"assessed_n":        {"考核数（社区或街道）", "Assessed (communities or streets)"},
	"meeting_n":         {"达标数（社区或街道）", "Meeting (communities or streets)"},
	"meeting":           {"达标社区数", "Meeting"},
	"share":             {"达标率", "Share"},
	"employment_rate":   {"就业率", "Employment rate"},
	"unemp_rate":        {"登记失业率", "Registered unemployment"},
	"labour_force":      {"劳动力", "Labour force"},
	"target_group":      {"有劳动能力和就业愿望人员", "Target group"},
	"employed":          {"有效就业", "Effectively employed"},
	"matched":           {"社保比中", "Insurance-matched"},
	"standard":          {"达标情况", "Standard"},
	"items":             {"考核项目", "Items"},
	"reason":            {"原因", "Reason"},
	"value":             {"数值", "Value"},
	"missing":           {"缺报", "missing"},
	"missing_month":     {"本月台帐缺报，没有本月数字（不用其他月份补填）", "no ledger for this month, so no figures (never filled in from another month)"},
	"households":        {"家庭", "Households"},
	"household":         {"户号", "Household"},
	"members":           {"人数", "Members"},
	"zero":              {"零就业", "Zero-employment"},
	"residents":         {"居民", "Residents"},
	"id_number":         {"身份证号", "ID number"},
	"person":            {"姓名", "Name"},
	"status":            {"就业状态", "Status"},
	"age":               {"年龄", "Age"},
	"sex":               {"性别", "Sex"},
	"verification":      {"协查清单", "Verification list"},
	"employers":         {"缴费单位", "Employers"},
	"placements":        {"帮扶安置", "Placements"},
	"channel":           {"帮扶方式", "Channel"},
	"requested_at":      {"求职登记时间", "Requested"},
	"placed_at":         {"上岗时间", "Placed"},
	"hours":             {"用时（小时）", "Hours"},
	"promise72":         {"72小时承诺", "72-hour promise"},
	"promise_rate":      {"72小时兑现率", "72-hour promise kept"},
	"kept":              {"兑现", "kept"},
	"broken":            {"未兑现", "broken"},
	"yes":               {"是", "yes"},
	"no":                {"否", "no"},
	"download":          {"下载", "Download"},
	"upload":            {"上报台帐", "Send a ledger"},
	"upload_help":       {"选择台帐文件（XLSX 或 CSV），按与命令行相同的规则入库。超出本辖区的行将被拒绝并注明原因。", "Choose a ledger file (XLSX or CSV); it is ingested by the same rules as the command line. Rows outside your area are rejected with a reason."},
	"file":              {"文件", "File"},
	"send":              {"上传", "Send"},
	"summary":           {"入库结果", "Summary"},
	"rows_read":         {"读取行数", "Rows read"},
	"rows_loaded":       {"入库行数", "Rows loaded"},
	"rows_rejected":     {"拒绝行数", "Rows rejected"},
	"rows_replaced":     {"其中替换已有行", "of them replacing earlier rows"},
	"upload_done":       {"已入库", "done"},
	"upload_skipped":    {"该文件已入库过，未重复入库", "skipped (this file was already ingested)"},
	"upload_outside":    {"没有本辖区的行", "nothing in your area"},
	"upload_failed":     {"入库失败", "failed"},
	"rejected":          {"被拒绝的行", "Rejected rows"},
	"row":               {"行号", "Row"},
	"column":            {"列", "Column"},
	"audit":             {"审计日志", "Audit trail"},
	"at":                {"时间（北京时间）", "At (Beijing time)"},
	"role":              {"角色", "Role"},
	"region":            {"辖区", "Region"},
	"object":            {"对象", "Target"},
	"role_city":         {"市", "city"},
	"role_district":     {"区县", "district"},
	"role_street":       {"街道", "street"},
	"role_community":    {"社区", "community"},
	"act_login":         {"登录", "log in"},
	"act_login_bad":     {"登录失败", "failed log-in"},
	"act_residents":     {"查看居民名单", "viewed residents"},
	"act_verify":        {"查看协查清单", "viewed verification list"},
	"act_export":        {"下载", "download"},
	"act_upload":        {"上报台帐", "ledger upload"},
	"user":              {"用户", "User"},
	"action":            {"操作", "Action"},
	"detail":            {"详情", "Detail"},
	"error":             {"出错了", "Something went wrong"},
	"status_403":        {"无权访问：该地区或功能超出您的辖区或权限", "Not allowed: this region or page is outside your area or role"},
	"status_404":        {"未找到该页面或地区", "No such page or region"},
	"status_400":        {"请求有误", "Bad request"},
	"no_data":           {"无数据", "no data"},
	"latest_month":      {"最新月份", "Latest month"},
	"switch_lang":       {"English", "中文"},
	"home":              {"首页", "Home"},
	"masked_note":       {"身份证号已脱敏（仅社区、街道用户可见全号）。", "ID numbers are masked (only community and street users see them in full)."},
	"items_of":          {"考核项目及原因", "Standard items and reasons"},
	"zero_first":        {"零就业家庭排在前面。", "Zero-employment households first."},
}

// T returns the label key in lang; an unknown key is returned as is (and caught by the
// template check at start-up, which renders every page).
func T(lang Lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == En {
		return m[1]
	}
	return m[0]
}
