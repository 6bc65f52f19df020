package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chibo/store"
)

// BenchmarkOpenLargeCell measures what the secretary waits for between pressing Enter in the
// passphrase dialog and a roster she can search, on a cell of 100,000 members: unlocking
// (with the fast test key settings: add ~0.12 s of argon2id for a real cell, measured by
// store's BenchmarkUnlockKDF), the roster snapshot, the watch list and the list widget.
func BenchmarkOpenLargeCell(b *testing.B) {
	dir := b.TempDir()
	ctx := context.Background()
	c, err := store.CreateCell(ctx, dir, store.Profile{Code: "BIG", Name: "Chi bộ thử tải", OfficeName: "Đảng ủy xã Mường Khương",
		Place: "Mường Khương", Secretary: "Giàng A Páo"}, testPass, store.WithKDF(store.FastKDF))
	if err != nil {
		b.Fatal(err)
	}
	fam := []string{"Nguyễn", "Giàng", "Sùng", "Lò", "Đặng", "Bàn", "Hoàng", "Vàng", "Lý", "Triệu"}
	giv := []string{"Páo", "Thảo", "Pằn", "Mỷ", "Hải", "Chứ", "Dìn", "Ánh", "Phin", "Mẩy", "Lềnh"}
	ms := make([]store.Member, 100000)
	for i := range ms {
		ms[i] = store.Member{FullName: fmt.Sprintf("%s Văn %s", fam[i%len(fam)], giv[(i/7)%len(giv)]), Gender: "male",
			BirthDate: store.NewDate(1940+i%40, time.Month(1+i%12), 1+i%28), Ethnicity: "Mông",
			CCCD:         fmt.Sprintf("0100%02d%06d", (1940+i%40)%100, i),
			CeremonyDate: store.NewDate(2000, 3, 3), OfficialDate: store.NewDate(2001, 3, 3)}
	}
	if _, err := c.AddMembers(ctx, ms); err != nil {
		b.Fatal(err)
	}
	c.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := newFixture(b, dir, Options{})
		s := f.ui.start
		for j, cs := range s.cells {
			if cs.Code == "BIG" {
				s.list.Select(j)
			}
		}
		f.do(func() { s.openSelected() })
		b.StartTimer()
		f.do(func() {
			s.unlock.pass.SetText(testPass)
			s.unlock.submit()
		})
		b.StopTimer()
		if f.ui.cell == nil || f.ui.cell.roster == nil || len(f.ui.cell.roster.shown) != 100000 {
			b.Fatal("the roster of 100,000 is not shown")
		}
		f.do(func() { f.ui.closeCell() })
		b.StartTimer()
	}
}
