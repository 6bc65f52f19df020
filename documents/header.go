package documents

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"chibo/store"
)

// NationalTitle is the party heading printed top right on every party document.
const NationalTitle = "ĐẢNG CỘNG SẢN VIỆT NAM"

// Header is the heading block of a party document: the issuing body and its superior on the
// left, the party heading on the right, then the number and the place and date.
type Header struct {
	// Superior is the committee above the issuer, "ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG": printed in
	// capitals, regular, 14 pt. Empty prints no line.
	Superior string
	// Issuer is the body that issues the paper, "CHI BỘ BẢN LÙNG VAI": capitals, bold, 14 pt,
	// with an asterisk under it.
	Issuer string
	// Number is the whole number line, "Số 03-BB/CB". Empty prints none.
	Number string
	// Place and Date make the line "Mường Khương, ngày 05 tháng 3 năm 2026" (italic, 14 pt)
	// under the party heading. A zero Date leaves the day, month and year to be written in.
	Place string
	Date  store.Date
}

// HeaderFor fills a Header from the cell's profile: the superior from its office name (see
// SuperiorName), the issuer from its name, the place from its place name.
func HeaderFor(p store.Profile, number string, date store.Date) Header {
	return Header{
		Superior: SuperiorName(p.OfficeName),
		Issuer:   Upper(oneLine(p.Name)),
		Number:   number,
		Place:    p.Place,
		Date:     date,
	}
}

// SuperiorName turns the name of the committee a cell reports to into the first header line:
// a leading "Đảng ủy" (or "Đảng uỷ", in any case) becomes "Đảng bộ", since the heading names
// the party organisation rather than its committee, and the whole is put in capitals.
// "Đảng ủy xã Mường Khương" → "ĐẢNG BỘ XÃ MƯỜNG KHƯƠNG". Any other name is only put in
// capitals.
func SuperiorName(officeName string) string {
	name := oneLine(officeName)
	lower := strings.ToLower(name)
	for _, prefix := range []string{"đảng ủy", "đảng uỷ"} {
		n := utf8.RuneCountInString(prefix)
		runes := []rune(lower)
		if len(runes) >= n && string(runes[:n]) == prefix && (len(runes) == n || runes[n] == ' ') {
			name = "Đảng bộ" + string([]rune(name)[n:])
			break
		}
	}
	return Upper(name)
}

// DateWords writes a date the way party papers do: "ngày 05 tháng 3 năm 2026", with a
// leading zero on days 1–9 and on months 1 and 2 only (so "tháng 01", "tháng 02", but
// "tháng 3" … "tháng 12"). A date that is not valid gives "ngày … tháng … năm …", to be
// written in by hand.
func DateWords(d store.Date) string {
	if !d.Valid() {
		return "ngày … tháng … năm …"
	}
	t := d.Time()
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= 2 {
		month = fmt.Sprintf("%02d", int(t.Month()))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// PlaceDate is the place-and-date line: "Mường Khương, ngày 05 tháng 3 năm 2026". Without a
// place it is "Ngày 05 tháng 3 năm 2026".
func PlaceDate(place string, d store.Date) string {
	place = oneLine(place)
	if place == "" {
		w := DateWords(d)
		return "N" + w[1:]
	}
	return place + ", " + DateWords(d)
}

// Header sizes, in points.
const (
	headerSize   = 14.0
	nationalSize = 15.0
)

// Header draws the heading block at the top of the current page (the first page, for a new
// document).
func (d *Doc) Header(h Header) {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	d.ensurePage()
	d.closing = nil
	textW := d.textWidth()
	natW := d.width(NationalTitle, true, false, nationalSize)
	pd := PlaceDate(h.Place, h.Date)
	pdW := d.width(pd, false, true, headerSize)
	// The right column is as wide as its widest line and a little more, within bounds; the
	// left column takes the rest and wraps names that are too long for it.
	wR := min(max(natW, pdW)+4, textW*0.62)
	wR = max(wR, textW*0.5)
	wL := textW - wR
	xL, xR := d.left, d.left+wL
	lh := lineHeight(headerSize, 1.2)
	top := d.y

	// Left column.
	y := top
	col := func(bold, italic bool, x, w float64) Style {
		return Style{Size: headerSize, Bold: bold, Italic: italic, Align: AlignCenter,
			Left: x - d.left, Right: d.left + textW - x - w, Spacing: 1.2}
	}
	drawLeft := func(text string, bold bool) {
		st := col(bold, false, xL, wL)
		for _, l := range d.layout(st, []Run{{Text: text}}) {
			d.drawLine(st, l, y, lh)
			y += lh
		}
	}
	firstBase := baseline(top, lh, headerSize)
	if s := oneLine(h.Superior); s != "" {
		drawLeft(Upper(s), false)
	}
	if s := oneLine(h.Issuer); s != "" {
		drawLeft(Upper(s), true)
	}
	drawLeft("*", false)
	numberTop := y

	// Right column: the party heading on the first line, ruled under exactly its width.
	cR := xR + wR/2
	d.setFont(true, false, nationalSize)
	d.pdf.Text(cR-natW/2, firstBase, NationalTitle)
	ruleY := firstBase + 1.6
	d.hline(cR-natW/2, cR+natW/2, ruleY, 0.3)

	// The number and the place and date share a line, below the asterisk and the rule.
	if numberTop < ruleY+1 {
		numberTop = top + 2*lh
	}
	yEnd := numberTop
	if s := oneLine(h.Number); s != "" {
		y = numberTop
		drawLeft(s, false)
		yEnd = y
	}
	st := col(false, true, xR, wR)
	y = numberTop
	for _, l := range d.layout(st, []Run{{Text: pd}}) {
		d.drawLine(st, l, y, lh)
		y += lh
	}
	d.y = max(yEnd, y) + lh*0.6
}

// Title draws the type name ("BIÊN BẢN", "NGHỊ QUYẾT"; put in capitals, bold, 16 pt) and the
// summary lines under it (bold, 14 pt, as given), centred, with a short rule under them.
func (d *Doc) Title(kind string, summary ...string) {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	d.ensurePage()
	d.closing = nil
	kind = oneLine(kind)
	has := kind != ""
	for _, s := range summary {
		has = has || oneLine(s) != ""
	}
	if !has {
		return
	}
	d.y += 2
	kindSt := Style{Size: 16, Bold: true, Align: AlignCenter, Spacing: 1.2}
	d.Text(kindSt, Run{Text: Upper(kind)})
	sumSt := Style{Size: 14, Bold: true, Align: AlignCenter, Spacing: 1.2, Left: 10, Right: 10}
	widest := 0.0
	for _, s := range summary {
		s = oneLine(s)
		if s == "" {
			continue
		}
		for _, l := range d.layout(sumSt, []Run{{Text: s}}) {
			widest = max(widest, l.w)
		}
		d.Text(sumSt, Run{Text: s})
	}
	if widest == 0 {
		for _, l := range d.layout(kindSt, []Run{{Text: Upper(kind)}}) {
			widest = max(widest, l.w)
		}
	}
	// A short rule, a third of the summary's width (or the type name's, without a
	// summary), centred: the party's mark under the title.
	w := min(max(widest/3, 20), 40)
	d.need(4)
	c := d.left + d.textWidth()/2
	d.hline(c-w/2, c+w/2, d.y+2.2, 0.3)
	d.y += 9
}
