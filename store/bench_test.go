package store

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"
)

// bigCell is a cell of 100,000 members made once per benchmark run (it takes a while), with
// the default passphrase settings so opening it costs what it costs a secretary.
var bigCell struct {
	once sync.Once
	dir  string
	err  error
}

func syntheticMembers(n int) []Member {
	fam := []string{"Nguyễn", "Giàng", "Sùng", "Lò", "Đặng", "Bàn", "Hoàng", "Vàng", "Lý", "Triệu", "Thào", "Lường"}
	mid := []string{"Văn", "Thị", "A", "Seo", "Đức", "Mí"}
	giv := []string{"Páo", "Thảo", "Pằn", "Mỷ", "Hải", "Chứ", "Dìn", "Ánh", "Phin", "Mẩy", "Lềnh", "Sính", "Dợ"}
	ms := make([]Member, n)
	for i := range ms {
		female := i%2 == 1
		year := 1940 + i%60
		g := 0
		if female {
			g = 1
		}
		m := Member{
			FullName:     fmt.Sprintf("%s %s %s", fam[i%len(fam)], mid[(i/7)%len(mid)], giv[(i/3)%len(giv)]),
			Gender:       map[bool]string{false: "male", true: "female"}[female],
			BirthDate:    NewDate(year, time.Month(1+i%12), 1+i%28),
			Ethnicity:    "Mông",
			CCCD:         fmt.Sprintf("010%d%02d%06d", g, year%100, i),
			Hometown:     "Mường Khương",
			Residence:    "Bản Lùng Vai",
			CeremonyDate: NewDate(year+25, 3, 3),
			OfficialDate: NewDate(year+26, 3, 3),
			CardNumber:   fmt.Sprintf("10.%06d", i),
		}
		if i%10 == 0 {
			m.OfficialDate = Date{}
			m.CeremonyDate = Today().AddMonths(-11)
		}
		ms[i] = m
	}
	return ms
}

func big(b *testing.B) string {
	b.Helper()
	bigCell.once.Do(func() {
		bigCell.dir, bigCell.err = os.MkdirTemp("", "chibo-bench-")
		if bigCell.err != nil {
			return
		}
		c, err := CreateCell(context.Background(), bigCell.dir, testProfile, testPass)
		if err != nil {
			bigCell.err = err
			return
		}
		defer c.Close()
		_, bigCell.err = c.AddMembers(context.Background(), syntheticMembers(100000))
	})
	if bigCell.err != nil {
		b.Fatal(bigCell.err)
	}
	return bigCell.dir
}

func TestMain(m *testing.M) {
	if dir := os.Getenv("CHIBO_KILL_HELPER"); dir != "" {
		killHelper(dir)
	}
	code := m.Run()
	if bigCell.dir != "" {
		os.RemoveAll(bigCell.dir)
	}
	os.Exit(code)
}

// BenchmarkOpen100k measures opening a cell of 100,000 members to a usable roster: the
// integrity check, the passphrase (argon2id with the default settings) and the roster
// snapshot the window shows.
func BenchmarkOpen100k(b *testing.B) {
	dir := big(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
		if err != nil {
			b.Fatal(err)
		}
		r, err := c.Roster(ctx)
		if err != nil || len(r.Entries) != 100000 {
			b.Fatalf("roster: %v, %d entries", err, len(r.Entries))
		}
		if _, err := c.WatchRows(ctx); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}

// BenchmarkUnlockKDF is the passphrase's share of opening: argon2id with DefaultKDF.
func BenchmarkUnlockKDF(b *testing.B) {
	p := DefaultKDF
	p.Salt = make([]byte, 16)
	for i := 0; i < b.N; i++ {
		deriveKEK(testPass, p)
	}
}

// BenchmarkFilter100k measures one keystroke of search over 100,000 members.
func BenchmarkFilter100k(b *testing.B) {
	dir := big(b)
	ctx := context.Background()
	c, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	r, err := c.Roster(ctx)
	if err != nil {
		b.Fatal(err)
	}
	queries := []string{"g", "gi", "gia", "giang", "giang a", "giang a pao", "010", "thao nguyen"}
	var buf []int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = r.Filter(queries[i%len(queries)], nil, buf)
	}
}
