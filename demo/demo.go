// Package demo makes a demo cell: the residential party cell of a village in a mountain
// commune of Lào Cai, with a roster in which every member state, flag and deadline the program
// knows appears, dated around the day the demo is made. A new secretary can look around in it,
// and the tests and screenshots have something realistic to show.
//
// The roster is drawn from a generator seeded with the cell's code, so the same code and the
// same day always give the same cell (apart from the record ids the store makes).
package demo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"

	"chibo/store"
)

// The demo cell: a village (bản) cell reporting to the commune's party committee.
const (
	cellName    = "Chi bộ bản Lùng Vai"
	officeName  = "Đảng ủy xã Mường Khương"
	place       = "Mường Khương"
	village     = "bản Lùng Vai"
	residence   = "Bản Lùng Vai, xã Mường Khương, tỉnh Lào Cai"
	youthUnion  = "Ban Chấp hành Chi đoàn bản Lùng Vai"
	secretaryAt = "Bí thư chi bộ"
	memberAt    = "Đảng viên chi bộ bản Lùng Vai"
)

// minMembers and maxMembers bound the size of the roster, every state included.
const (
	minMembers = 25
	maxMembers = 45
)

// nation is a people of the north-western mountains and the names its members carry. The
// family names are the common ones in Mường Khương; men's and women's names take a middle
// name from their own list.
type nation struct {
	ethnicity    string // the official name, as in store.Ethnicities
	weight       int    // share of the drawn members, out of the sum of the weights
	families     []string
	maleMiddle   []string
	maleGiven    []string
	femaleMiddle []string
	femaleGiven  []string
}

var nations = []nation{
	{"Mông", 40,
		[]string{"Giàng", "Sùng", "Vàng", "Hầu", "Lý", "Thào", "Mua", "Vừ", "Lầu", "Cháng", "Tráng"},
		[]string{"A", "Seo", "Mí"},
		[]string{"Páo", "Chứ", "Dính", "Sính", "Lử", "Phừ", "Chá", "Sáng", "Vảng", "Dìn", "Khái", "Tủa", "Lềnh"},
		[]string{"Thị"},
		[]string{"Mỷ", "Say", "Dợ", "Pà", "Sua", "Chở", "Súa", "Cở", "Dung", "Mai"}},
	{"Dao", 14,
		[]string{"Bàn", "Triệu", "Lý", "Đặng", "Chảo", "Phùng", "Tẩn"},
		[]string{"Văn", "Láo"},
		[]string{"Phin", "Lở", "Sử", "Kiềm", "Quẩy", "Chàn", "Phú", "Vần", "Kháy"},
		[]string{"Thị", "Tả"},
		[]string{"Mẩy", "Phấy", "Nhàn", "Chiêm", "Nái", "Sai"}},
	{"Nùng", 14,
		[]string{"Lù", "Thèn", "Chu", "Nông", "Tiên"},
		[]string{"Văn"},
		[]string{"Sản", "Pin", "Tư", "Sình", "Phìn", "Chúng", "Sáng"},
		[]string{"Thị"},
		[]string{"Dung", "Chỉn", "Nhài", "Sáu", "Mỉ"}},
	{"Giáy", 10,
		[]string{"Sần", "Lồ", "Hoàng", "Vương"},
		[]string{"Văn"},
		[]string{"Sinh", "Điện", "Minh", "Dinh", "Siểu", "Dủng", "Phúc"},
		[]string{"Thị"},
		[]string{"Mai", "Liên", "Dần", "Chiêm", "Thu"}},
	{"Tày", 8,
		[]string{"Hoàng", "Nông", "Lục", "Ma", "La"},
		[]string{"Văn", "Đình"},
		[]string{"Khoa", "Thắng", "Tiến", "Lâm", "Bình", "Quyết", "Tuyên"},
		[]string{"Thị"},
		[]string{"Lan", "Nguyệt", "Hồng", "Phượng", "Thơm", "Nhung"}},
	{"Phù Lá", 6,
		[]string{"Pờ", "Lò", "Ly", "Vàng"},
		[]string{"Văn", "Seo"},
		[]string{"Sình", "Khé", "Ván", "Tỉn", "Sềnh", "Chinh"},
		[]string{"Thị"},
		[]string{"Lìn", "Pú", "Mẩy", "Chiên"}},
	{"Thái", 5,
		[]string{"Lò", "Lường", "Cà", "Quàng", "Tòng", "Điêu"},
		[]string{"Văn"},
		[]string{"Pằn", "Ban", "Khăm", "Inh", "Chiến", "Hặc", "Ngoan", "Thiêm"},
		[]string{"Thị"},
		[]string{"Ánh", "Ơn", "Bun", "Xiêng", "Pọm", "Lả", "Chăm"}},
	{"Kinh", 3,
		[]string{"Nguyễn", "Trần", "Đặng", "Phạm"},
		[]string{"Văn", "Đức", "Minh"},
		[]string{"Hùng", "Tuấn", "Long", "Dũng", "Sơn"},
		[]string{"Thị"},
		[]string{"Hằng", "Hoa", "Lan", "Huyền"}},
}

// kinh are the Kinh members every demo cell has by name: the checks search for them.
var kinh = []struct{ name, gender string }{
	{"Nguyễn Thị Thảo", "female"},
	{"Đặng Văn Hải", "male"},
}

// communes are the places hometowns and birthplaces are drawn from, all in Lào Cai.
var communes = []string{"Mường Khương", "Bản Lầu", "Lùng Vai", "Pha Long", "Tả Ngải Chồ", "Cao Sơn",
	"Lùng Phình", "Tung Chung Phố", "Nấm Lư", "Si Ma Cai", "Bắc Hà"}

// elsewhere are the party organisations members come from or go to.
var elsewhere = []string{
	"Chi bộ thôn Na Pá, Đảng bộ xã Bắc Hà",
	"Chi bộ bản Sín Chải, Đảng bộ xã Pha Long",
	"Chi bộ thôn Phố Cũ, Đảng bộ xã Bảo Thắng",
	"Chi bộ thôn Na Lốc, Đảng bộ xã Bản Lầu",
	"Chi bộ tổ dân phố số 5, Đảng bộ phường Cam Đường",
}

// Create makes a realistic demo cell under dataDir with the given code and passphrase,
// with members and events relative to today, and returns it unlocked.
//
// today must not be after the store's own date (store.Today), since the store refuses
// events dated in the future. When the store refuses any part of the demo, the cell file just
// made is removed again, so a second attempt with the same code can succeed.
func Create(ctx context.Context, dataDir, code, passphrase string, today store.Date, opts ...store.Option) (*store.Cell, error) {
	if !today.Valid() {
		return nil, errors.New("demo: today is not a valid date")
	}
	if now := store.Today(); today.After(now) {
		return nil, fmt.Errorf("demo: today %s is after the clock's date %s", today, now)
	}
	g := newGen(store.NormalizeCode(code), today)
	ps := g.roster()
	p := store.Profile{
		Code:        code,
		Name:        cellName,
		OfficeName:  officeName,
		OfficeLevel: store.LevelCommune,
		Place:       place,
		Secretary:   ps[0].m.FullName,
	}
	backups := store.BackupDir(dataDir, code)
	_, statErr := os.Stat(backups)
	c, err := store.CreateCell(ctx, dataDir, p, passphrase, opts...)
	if err != nil {
		return nil, err
	}
	err = fill(ctx, c, ps)
	if err == nil {
		err = g.meetings(ctx, c, ps)
	}
	if err != nil {
		path := c.Path()
		c.Close()
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(path + s)
		}
		if errors.Is(statErr, os.ErrNotExist) {
			os.RemoveAll(backups) // only the copy made when the cell was opened
		}
		return nil, err
	}
	return c, nil
}

// fill adds the members in one transaction, then their later events one by one, as a
// secretary would enter them.
func fill(ctx context.Context, c *store.Cell, ps []*person) error {
	ms := make([]store.Member, len(ps))
	for i, p := range ps {
		ms[i] = p.m
	}
	added, err := c.AddMembers(ctx, ms)
	if err != nil {
		return fmt.Errorf("demo: add members: %w", err)
	}
	for i, p := range ps {
		for _, e := range p.later {
			e.MemberID = added[i].ID
			if _, err := c.SaveEvent(ctx, e); err != nil {
				return fmt.Errorf("demo: %s of %s: %w", e.Kind, p.m.FullName, err)
			}
		}
	}
	return nil
}

// person is one member of the demo and the events that come after her admission dates.
type person struct {
	m     store.Member
	later []store.Event
	// ownCell says she was admitted by this cell, so her introducers are members of it.
	ownCell bool
}

// gen draws the demo's members. Everything it does depends only on its seed and today.
type gen struct {
	r     *rand.Rand
	today store.Date
	names map[string]bool
	cccds map[string]bool
	cards map[string]bool
}

func newGen(code string, today store.Date) *gen {
	h := fnv.New64a()
	h.Write([]byte("chibo demo " + code))
	s := h.Sum64()
	return &gen{
		r:     rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15)),
		today: today,
		names: map[string]bool{},
		cccds: map[string]bool{},
		cards: map[string]bool{},
	}
}

// cast is who the cell holds besides its ordinary official members: each line makes one
// member in a situation the program must show. The secretary comes first.
var cast = []func(g *gen) *person{
	(*gen).secretary,
	func(g *gen) *person { return g.retiredTeacher(kinh[0].name, kinh[0].gender) },
	func(g *gen) *person { return g.veteran(kinh[1].name, kinh[1].gender) },
	// Candidates: one decided last week, one whose ceremony is due about now.
	func(g *gen) *person { return g.candidate(g.today.AddDays(-(5 + g.r.IntN(8)))) },
	func(g *gen) *person { return g.candidate(g.today.AddDays(-(45 + g.r.IntN(6)))) },
	// Probationary: the 12 months end this month, ended a few weeks ago, and two still running.
	(*gen).probationDueThisMonth,
	func(g *gen) *person { return g.probationary(g.today.AddDays(-(21 + g.r.IntN(15))).AddMonths(-12)) },
	func(g *gen) *person { return g.probationary(g.between(g.today.AddMonths(-10), g.today.AddMonths(-2))) },
	func(g *gen) *person { return g.probationary(g.between(g.today.AddMonths(-10), g.today.AddMonths(-2))) },
	(*gen).exempted,
	(*gen).tempOutOverdue,
	(*gen).tempIn,
	(*gen).suspended,
	(*gen).transferInNoPapers,
	(*gen).transferInLongAgo,
	(*gen).transferredOut,
	(*gen).deceasedRecently,
	(*gen).deceasedLongAgo,
	(*gen).expelled,
	(*gen).removed,
	(*gen).resigned,
}

// roster draws the whole roster: the cast, then ordinary official members up to a size drawn
// between minMembers and maxMembers, then the introducers of those the cell admitted.
func (g *gen) roster() []*person {
	n := minMembers + g.r.IntN(maxMembers-minMembers+1)
	var ps []*person
	for _, f := range cast {
		ps = append(ps, f(g))
	}
	for len(ps) < n {
		ps = append(ps, g.ordinary())
	}
	g.introduce(ps)
	return ps
}

// Dates.

// between returns a date from a to b, both included.
func (g *gen) between(a, b store.Date) store.Date {
	if b.Before(a) {
		return a
	}
	days := int(b.Time().Sub(a.Time()).Hours() / 24)
	return a.AddDays(g.r.IntN(days + 1))
}

// yearsAgo returns the date n years before today.
func (g *gen) yearsAgo(n int) store.Date { return g.today.AddMonths(-12 * n) }

// notAfterToday caps d at today: the store refuses dates in the future.
func (g *gen) notAfterToday(d store.Date) store.Date {
	if d.After(g.today) {
		return g.today
	}
	return d
}

// fullYears counts the whole years from a to b.
func fullYears(a, b store.Date) int {
	n := b.Time().Year() - a.Time().Year()
	if b.Before(a.AddMonths(12 * n)) {
		n--
	}
	return n
}

// People.

// pick returns one of xs.
func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// nation draws a people by weight.
func (g *gen) nation() *nation {
	total := 0
	for _, n := range nations {
		total += n.weight
	}
	x := g.r.IntN(total)
	for i := range nations {
		if x < nations[i].weight {
			return &nations[i]
		}
		x -= nations[i].weight
	}
	return &nations[0]
}

// nationOf returns the people with this official name.
func nationOf(ethnicity string) *nation {
	for i := range nations {
		if nations[i].ethnicity == ethnicity {
			return &nations[i]
		}
	}
	panic("demo: no people named " + ethnicity)
}

// name draws a name of the nation not yet used in the cell.
func (g *gen) name(n *nation, gender string) string {
	for {
		s := pick(g, n.families) + " "
		if gender == "male" {
			s += pick(g, n.maleMiddle) + " " + pick(g, n.maleGiven)
		} else {
			s += pick(g, n.femaleMiddle) + " " + pick(g, n.femaleGiven)
		}
		if !g.names[s] {
			g.names[s] = true
			return s
		}
	}
}

// cccd makes a citizen identity number for someone born in year of this gender: 010 for Lào
// Cai, the century and gender digit, the last two digits of the year, then six random digits.
func (g *gen) cccd(year int, gender string) string {
	cg := 2 * ((year - 1900) / 100)
	if gender == "female" {
		cg++
	}
	for {
		s := fmt.Sprintf("010%d%02d%06d", cg, year%100, g.r.IntN(1_000_000))
		if !g.cccds[s] {
			g.cccds[s] = true
			return s
		}
	}
}

// hometown names a commune of Lào Cai, as the forms write it.
func (g *gen) hometown() string {
	return "xã " + pick(g, communes) + ", tỉnh Lào Cai"
}

// Levels of general education, as store.EducationLevels spells them.
const (
	literate  = "Biết đọc, biết viết"
	primary   = "Tiểu học"
	lowerSec  = "Trung học cơ sở"
	upperSec  = "Trung học phổ thông"
	college   = "Cao đẳng" // a professional level (store.ProfessionalLevels)
	intermed  = "Trung cấp"
	theoryLow = "sơ cấp" // political theory levels (store.TheoryLevels)
	theoryMid = "trung cấp"
)

// education draws a general-education level fitting the age: old people in these villages
// often had a few years of school, the young mostly finished lower or upper secondary.
func (g *gen) education(age int) string {
	switch {
	case age >= 60:
		return pick(g, []string{literate, primary, primary, lowerSec})
	case age >= 40:
		return pick(g, []string{primary, lowerSec, lowerSec, upperSec})
	default:
		return pick(g, []string{lowerSec, upperSec, upperSec})
	}
}

// person draws the identity of a member aged from minAge to maxAge today. An empty gender
// is drawn (about three members in ten are women); an empty name is drawn from a people
// drawn by weight, and a given name is one of the Kinh members.
func (g *gen) person(minAge, maxAge int, name, gender string) *person {
	if gender == "" {
		gender = "male"
		if g.r.IntN(10) < 3 {
			gender = "female"
		}
	}
	n := nationOf("Kinh")
	if name == "" {
		n = g.nation()
		name = g.name(n, gender)
	}
	g.names[name] = true
	age := minAge + g.r.IntN(maxAge-minAge+1)
	birth := g.between(g.yearsAgo(age+1).AddDays(1), g.yearsAgo(age))
	home := g.hometown()
	m := store.Member{
		FullName:   name,
		Gender:     gender,
		Ethnicity:  n.ethnicity,
		BirthDate:  birth,
		BirthPlace: home,
		CCCD:       g.cccd(birth.Time().Year(), gender),
		Hometown:   home,
		Residence:  residence,
		Occupation: pick(g, []string{"Làm ruộng", "Làm ruộng", "Làm nương", "Làm nương", "Chăn nuôi, trồng rừng"}),
		Education:  g.education(age),
	}
	m.OccupationBefore = m.Occupation
	if age < 50 {
		m.YouthUnionDate = g.between(birth.AddMonths(12*16), birth.AddMonths(12*19))
	}
	if n.ethnicity == "Mông" && g.r.IntN(8) == 0 {
		m.Religion = "Tin lành"
	}
	if gender == "male" && age >= 35 && age <= 70 && g.r.IntN(5) == 0 {
		m.Army, m.OccupationBefore = true, "Bộ đội"
	}
	return &person{m: m}
}

// admit gives p the admission dates of a ceremony on this date and the decision a few weeks
// before; when official, also the official date exactly twelve months after the ceremony (it
// must not be after today) and the papers an official member holds.
func (g *gen) admit(p *person, ceremony store.Date, official bool) {
	m := &p.m
	m.DecisionDate = ceremony.AddDays(-(7 + g.r.IntN(20)))
	m.CeremonyDate = ceremony
	m.FileNumber = fmt.Sprintf("10%08d", g.r.IntN(100_000_000))
	if m.YouthUnionDate.After(ceremony) {
		m.YouthUnionDate = store.Date{}
	}
	if official {
		m.OfficialDate = ceremony.AddMonths(12)
		m.TheoryLevel = theoryLow
		for {
			m.CardNumber = fmt.Sprintf("10.%06d", g.r.IntN(1_000_000))
			if !g.cards[m.CardNumber] {
				g.cards[m.CardNumber] = true
				break
			}
		}
	}
	// The Party badge (Huy hiệu Đảng) of the longest step the member has reached.
	if years := fullYears(ceremony, g.today); years >= 30 && g.r.IntN(4) != 0 {
		for _, y := range store.BadgeYears {
			if y <= years {
				m.BadgeYears = y
			}
		}
		m.BadgeNumber = fmt.Sprintf("%d.%06d", m.BadgeYears, g.r.IntN(1_000_000))
	}
}

// official draws an official member aged minAge to maxAge who has been official for at
// least minYears years, admitted between 19 and 45.
func (g *gen) official(minAge, maxAge, minYears int, name, gender string) *person {
	minAge = max(minAge, minYears+22)
	p := g.person(minAge, max(maxAge, minAge), name, gender)
	birth := p.m.BirthDate
	latest := g.yearsAgo(minYears + 1).AddDays(-1)
	if l := birth.AddMonths(12 * 45); l.Before(latest) {
		latest = l
	}
	g.admit(p, g.between(birth.AddMonths(12*19), latest), true)
	if years := fullYears(p.m.CeremonyDate, g.today); years < 5 {
		p.ownCell = true
	}
	return p
}

// ordinary draws an official member with nothing special about her.
func (g *gen) ordinary() *person {
	p := g.official(25, 82, 0, "", "")
	if age := fullYears(p.m.BirthDate, g.today); age >= 62 && g.r.IntN(3) == 0 {
		p.m.Occupation = "Nghỉ hưu"
		p.m.OccupationBefore = pick(g, []string{"Cán bộ xã", "Giáo viên", "Y sĩ"})
		p.m.Education, p.m.ProfessionalLevel = upperSec, intermed
		p.m.Retired = true
	}
	return p
}

// The cast.

func (g *gen) secretary() *person {
	p := g.official(44, 58, 12, "", "")
	p.m.Occupation = "Làm ruộng"
	p.m.TheoryLevel = theoryMid
	p.m.ProfessionalLevel = intermed
	p.m.Notes = "Bí thư chi bộ, kiêm Trưởng bản"
	return p
}

func (g *gen) retiredTeacher(name, gender string) *person {
	p := g.official(58, 64, 20, name, gender)
	p.m.Hometown = "phường Cam Đường, tỉnh Lào Cai"
	p.m.Occupation, p.m.OccupationBefore = "Nghỉ hưu", "Giáo viên"
	p.m.Education, p.m.ProfessionalLevel = upperSec, college
	p.m.TheoryLevel = theoryMid
	p.m.Retired = true
	return p
}

func (g *gen) veteran(name, gender string) *person {
	p := g.official(45, 60, 15, name, gender)
	p.m.Hometown = "xã Bảo Thắng, tỉnh Lào Cai"
	p.m.Occupation, p.m.OccupationBefore = "Buôn bán nhỏ", "Bộ đội"
	p.m.Army = true
	return p
}

func (g *gen) candidate(decision store.Date) *person {
	p := g.person(20, 30, "", "")
	p.m.DecisionDate = decision
	p.m.Education = pick(g, []string{lowerSec, upperSec})
	p.ownCell = true
	return p
}

func (g *gen) probationary(ceremony store.Date) *person {
	p := g.person(21, 35, "", "")
	g.admit(p, ceremony, false)
	p.ownCell = true
	return p
}

// probationDueThisMonth is probationary with the twelve months ending in today's month, so
// the cell must consider her official status this month.
func (g *gen) probationDueThisMonth() *person {
	t := g.today.Time()
	ceremony := store.NewDate(t.Year()-1, t.Month(), 1+g.r.IntN(28))
	return g.probationary(ceremony)
}

func (g *gen) exempted() *person {
	p := g.official(75, 84, 35, "", "")
	p.m.Occupation = "Ở nhà (tuổi cao)"
	p.later = []store.Event{{Kind: store.EventExempted, Date: g.between(g.yearsAgo(6), g.yearsAgo(1)),
		Document: "Nghị quyết số 03-NQ/CB", Reason: "Tuổi cao, sức yếu"}}
	return p
}

// tempOutOverdue went to work in a factory for a while; her planned return date has passed.
func (g *gen) tempOutOverdue() *person {
	p := g.official(24, 40, 2, "", "")
	start := g.today.AddMonths(-(7 + g.r.IntN(3)))
	p.later = []store.Event{{Kind: store.EventTempOut, Date: start, EndDate: g.today.AddDays(-(20 + g.r.IntN(40))),
		Organisation: "Chi bộ Công ty TNHH điện tử, Đảng bộ Khu công nghiệp Quế Võ, tỉnh Bắc Ninh",
		Reason:       "Đi làm công nhân có thời hạn"}}
	return p
}

// tempIn lives in the village for a few months and keeps her membership in her home cell.
func (g *gen) tempIn() *person {
	p := g.official(30, 55, 3, "", "")
	p.ownCell = false
	p.m.Residence = "Thôn Na Pá, xã Bắc Hà, tỉnh Lào Cai"
	p.m.TempResidence = residence
	start := g.today.AddDays(-(30 + g.r.IntN(60)))
	p.later = []store.Event{{Kind: store.EventTempIn, Date: start, EndDate: start.AddMonths(6 + g.r.IntN(4)),
		Organisation: "Chi bộ thôn Na Pá, Đảng bộ xã Bắc Hà", Document: "Giấy giới thiệu sinh hoạt đảng tạm thời",
		Reason: "Về chăm sóc bố mẹ già tại " + village}}
	return p
}

func (g *gen) suspended() *person {
	p := g.official(30, 55, 3, "", "")
	p.later = []store.Event{{Kind: store.EventSuspended, Date: g.today.AddDays(-(15 + g.r.IntN(40))),
		Document: "Quyết định số 12-QĐ/ĐU", Reason: "Đình chỉ sinh hoạt đảng trong thời gian xem xét kỷ luật"}}
	return p
}

// transferInNoPapers moved here four months ago and has not handed in the transfer papers.
func (g *gen) transferInNoPapers() *person {
	p := g.official(25, 45, 2, "", "")
	p.ownCell = false
	reason := "Chuyển về sinh sống tại " + village
	if p.m.Gender == "female" {
		reason = "Về nhà chồng tại " + village
	}
	p.later = []store.Event{{Kind: store.EventTransferIn, Date: g.today.AddMonths(-4),
		Organisation: pick(g, elsewhere), Reason: reason}}
	return p
}

// transferInLongAgo is a retired police officer who came home years ago, papers in order.
func (g *gen) transferInLongAgo() *person {
	p := g.official(58, 68, 20, "", "male")
	p.ownCell = false
	p.m.Occupation, p.m.OccupationBefore = "Nghỉ hưu", "Công an"
	p.m.Police, p.m.Retired, p.m.Army = true, true, false
	d := g.between(g.yearsAgo(7), g.yearsAgo(2))
	p.later = []store.Event{{Kind: store.EventTransferIn, Date: d, DoneDate: d.AddDays(10 + g.r.IntN(20)),
		Organisation: pick(g, elsewhere), Document: "Giấy giới thiệu sinh hoạt đảng",
		Reason: "Chuyển về sinh sống tại " + village}}
	return p
}

func (g *gen) transferredOut() *person {
	p := g.official(25, 50, 2, "", "")
	d := g.today.AddMonths(-(3 + g.r.IntN(5)))
	p.later = []store.Event{{Kind: store.EventTransferOut, Date: d, DoneDate: g.notAfterToday(d.AddDays(5 + g.r.IntN(10))),
		Organisation: pick(g, elsewhere), Document: "Giấy giới thiệu sinh hoạt đảng",
		Reason: "Chuyển nơi cư trú"}}
	return p
}

// deceasedRecently died a few weeks ago; the committee above has not been told yet.
func (g *gen) deceasedRecently() *person {
	p := g.official(74, 84, 35, "", "")
	p.later = []store.Event{{Kind: store.EventDeceased, Date: g.today.AddDays(-(8 + g.r.IntN(14))),
		Reason: "Bệnh tuổi già"}}
	return p
}

func (g *gen) deceasedLongAgo() *person {
	p := g.official(68, 84, 30, "", "")
	d := g.between(g.yearsAgo(4), g.yearsAgo(2))
	p.later = []store.Event{{Kind: store.EventDeceased, Date: d, DoneDate: d.AddDays(10 + g.r.IntN(15)),
		Reason: "Tai biến mạch máu não"}}
	return p
}

func (g *gen) expelled() *person {
	p := g.official(30, 55, 5, "", "")
	d := g.between(g.yearsAgo(3), g.yearsAgo(1))
	p.later = []store.Event{{Kind: store.EventExpelled, Date: d, DoneDate: d.AddDays(10 + g.r.IntN(15)),
		Document: "Quyết định số 05-QĐ/ĐU", Reason: "Vi phạm pháp luật, bị Tòa án tuyên phạt tù"}}
	return p
}

func (g *gen) removed() *person {
	p := g.official(25, 45, 3, "", "")
	d := g.between(g.yearsAgo(2), g.today.AddMonths(-9))
	p.later = []store.Event{{Kind: store.EventRemoved, Date: d, DoneDate: d.AddDays(10 + g.r.IntN(15)),
		Document: "Quyết định số 09-QĐ/ĐU",
		Reason:   "Bỏ sinh hoạt chi bộ và không đóng đảng phí 3 tháng trong năm không có lý do chính đáng"}}
	return p
}

func (g *gen) resigned() *person {
	p := g.official(30, 60, 5, "", "")
	d := g.between(g.yearsAgo(4), g.yearsAgo(2))
	p.later = []store.Event{{Kind: store.EventResigned, Date: d, DoneDate: d.AddDays(10 + g.r.IntN(15)),
		Reason: "Xin ra khỏi Đảng vì hoàn cảnh gia đình"}}
	return p
}

// introduce names two introducers for each member the cell admitted in recent years: an
// official member of the cell (often the secretary) and, for the young, the village's Youth
// Union committee, as the rules allow.
func (g *gen) introduce(ps []*person) {
	for _, p := range ps {
		if !p.ownCell {
			continue
		}
		decision := p.m.DecisionDate
		var pool []*person
		for _, q := range ps {
			if q != p && len(q.later) == 0 && q.m.OfficialDate.Valid() && q.m.OfficialDate.Before(decision) {
				pool = append(pool, q)
			}
		}
		if len(pool) < 2 {
			continue
		}
		first := pool[g.r.IntN(len(pool))]
		if g.r.IntN(2) == 0 && ps[0] != p && ps[0].m.OfficialDate.Before(decision) {
			first = ps[0]
		}
		p.m.Introducer1, p.m.Introducer1Position = first.m.FullName, memberAt
		if first == ps[0] {
			p.m.Introducer1Position = secretaryAt
		}
		if fullYears(p.m.BirthDate, decision) <= 30 {
			p.m.Introducer2, p.m.Introducer2Position = youthUnion, "Tập thể Ban Chấp hành Chi đoàn"
			continue
		}
		second := first
		for second == first {
			second = pool[g.r.IntN(len(pool))]
		}
		p.m.Introducer2, p.m.Introducer2Position = second.m.FullName, memberAt
	}
}
