package documents

// Signature is one signer's block: the authority and title in capitals and bold, space to
// sign, and the full name in bold.
type Signature struct {
	// Authority is the prefix line with a slash, "T/M CHI ỦY" or "T/M CHI BỘ"; empty prints
	// none.
	Authority string
	// Title is "BÍ THƯ", "CHỦ TRÌ", "THƯ KÝ" …
	Title string
	// Name is the signer's full name. Empty leaves the line to be written in by hand.
	Name string
}

// Sizes of the closing blocks.
const (
	signSize      = 14.0
	signSpace     = 26.0 // mm left for the handwritten signature
	recLabelSize  = 12.0
	recItemSize   = 11.0
	recItemIndent = 3.0 // mm: the hanging indent after "- "
	closingGap    = 4.0 // mm between the body and the closing blocks
)

// closingBlock is a signature or recipients block just drawn, which left one column free for
// the other.
type closingBlock struct {
	page        int
	top, bottom float64
	leftFree    bool
	rightFree   bool
}

// Signatures draws the signature blocks at the end of a document. One signature sits in the
// right half ("T/M CHI ỦY" / "BÍ THƯ"); two sit side by side, the first on the left ("THƯ KÝ"
// left, "CHỦ TRÌ" right); more go in rows of two. Names line up across a row. The block stays
// on one page, and a one-column block goes beside a "Nơi nhận" block drawn just before it.
func (d *Doc) Signatures(sigs ...Signature) {
	defer d.guard(nil)
	if d.failed() || len(sigs) == 0 {
		return
	}
	d.ensurePage()
	half := d.textWidth() / 2
	lh := lineHeight(signSize, 1.2)
	for row := 0; row < len(sigs); row += 2 {
		pair := sigs[row:min(row+2, len(sigs))]
		// The columns of this row: a lone signature goes right.
		xs := []float64{d.left + half}
		if len(pair) == 2 {
			xs = []float64{d.left, d.left + half}
		}
		// Lay out every line first to know the height.
		type block struct{ titles, name []line }
		blocks := make([]block, len(pair))
		styles := make([]Style, len(pair))
		titleLines := 0
		for i, s := range pair {
			st := Style{Size: signSize, Bold: true, Align: AlignCenter, Spacing: 1.2,
				Left: xs[i] - d.left + 2, Right: d.left + d.textWidth() - xs[i] - half + 2}
			styles[i] = st
			var titles []line
			for _, t := range []string{s.Authority, s.Title} {
				if t = Upper(oneLine(t)); t != "" {
					titles = append(titles, d.layout(st, []Run{{Text: t}})...)
				}
			}
			blocks[i] = block{titles: titles, name: d.layout(st, []Run{{Text: oneLine(s.Name)}})}
			titleLines = max(titleLines, len(titles))
		}
		nameLines := 1
		for _, b := range blocks {
			nameLines = max(nameLines, len(b.name))
		}
		h := float64(titleLines)*lh + signSpace + float64(nameLines)*lh
		top := d.y + closingGap
		beside := len(pair) == 1 && row == 0 && d.closing != nil && d.closing.rightFree &&
			d.closing.page == d.pdf.PageNo() && d.closing.top+h <= d.limit()
		if beside {
			top = d.closing.top
		} else {
			d.closing = nil
			d.need(h + closingGap)
			top = d.y + closingGap
			if d.y <= d.top+0.01 {
				top = d.top
			}
		}
		for i, b := range blocks {
			y := top
			for _, l := range b.titles {
				d.drawLine(styles[i], l, y, lh)
				y += lh
			}
			y = top + float64(titleLines)*lh + signSpace
			for _, l := range b.name {
				d.drawLine(styles[i], l, y, lh)
				y += lh
			}
		}
		bottom := top + h
		if beside {
			bottom = max(bottom, d.closing.bottom)
			d.closing = nil
		} else if len(pair) == 1 {
			d.closing = &closingBlock{page: d.pdf.PageNo(), top: top, bottom: bottom, leftFree: true}
		}
		d.y = bottom
	}
}

// Recipients draws the "Nơi nhận:" block (label 12 pt bold italic, list 11 pt, each item after
// a dash) in the left half. Drawn just after a one-column signature block, it sits beside it;
// drawn just before one, the signature comes beside it. Items are printed as given, so their
// closing punctuation ("- Lưu hồ sơ chi bộ.") is the caller's.
func (d *Doc) Recipients(items ...string) {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	d.ensurePage()
	half := d.textWidth() / 2
	labelSt := Style{Size: recLabelSize, Bold: true, Italic: true, Align: AlignLeft, Spacing: 1.2,
		Right: half + 4}
	itemSt := Style{Size: recItemSize, Align: AlignLeft, Spacing: 1.15,
		Left: recItemIndent, Indent: -recItemIndent, Right: half + 4}
	label := d.layout(labelSt, []Run{{Text: "Nơi nhận:"}})
	var lines []line
	for _, it := range items {
		if it = oneLine(it); it != "" {
			lines = append(lines, d.layout(itemSt, []Run{{Text: "- " + it}})...)
		}
	}
	llh := lineHeight(recLabelSize, labelSt.Spacing)
	ilh := lineHeight(recItemSize, itemSt.Spacing)
	h := float64(len(label))*llh + float64(len(lines))*ilh
	var top float64
	beside := d.closing != nil && d.closing.leftFree && d.closing.page == d.pdf.PageNo() &&
		d.closing.top+h <= d.limit()
	if beside {
		top = d.closing.top
	} else {
		d.closing = nil
		d.need(h + closingGap)
		top = d.y + closingGap
		if d.y <= d.top+0.01 {
			top = d.top
		}
	}
	y := top
	for _, l := range label {
		d.drawLine(labelSt, l, y, llh)
		y += llh
	}
	for _, l := range lines {
		if y+ilh > d.limit() {
			// A list longer than a page: carry on over the page.
			d.newPage()
			y = d.top
		}
		d.drawLine(itemSt, l, y, ilh)
		y += ilh
	}
	if beside {
		d.y = max(y, d.closing.bottom)
		d.closing = nil
		return
	}
	d.y = y
	d.closing = &closingBlock{page: d.pdf.PageNo(), top: top, bottom: y, rightFree: true}
}
