package documents

import (
	"bytes"
	"testing"
	"time"

	"chibo/store"
)

// BenchmarkMinutes prints the four-page minutes of the sample meeting, approved (with its
// QR code). Target: under 100 ms.
func BenchmarkMinutes(b *testing.B) {
	m := approved(sampleMeeting())
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Minutes(&buf, sampleProfile, m, Options{Created: benchTime}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMeetingYear prints the 24 papers of a year: twelve minutes and twelve
// resolutions. Target: under 2 s.
func BenchmarkMeetingYear(b *testing.B) {
	var year []store.Meeting
	for month := 1; month <= 12; month++ {
		m := approved(sampleMeeting())
		m.Date = store.NewDate(2026, time.Month(month), 5)
		m.Number, m.ResolutionNumber = month, month
		year = append(year, m)
	}
	var buf bytes.Buffer
	for b.Loop() {
		for _, m := range year {
			buf.Reset()
			if err := Minutes(&buf, sampleProfile, m, Options{Created: benchTime}); err != nil {
				b.Fatal(err)
			}
			buf.Reset()
			if err := Resolution(&buf, sampleProfile, m, Options{Created: benchTime}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
