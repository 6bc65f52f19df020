package documents

import "strings"

// Align is how the lines of a text block sit between its edges.
type Align int

// The alignments. Justify stretches every line but the last of a paragraph to both edges.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
	Justify
)

// Run is a piece of text set in one face. Runs of a block follow each other without a space
// unless their text has one.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
}

// Style is how a block of text is set.
type Style struct {
	// Size is the font size in points; 0 means 14.
	Size float64
	// Bold and Italic apply to every run of the block.
	Bold, Italic bool
	Align        Align
	// Indent is the first-line indent in millimetres, counted from Left; a negative value
	// hangs the first line out (for lists).
	Indent float64
	// Left and Right narrow the block from the margins, in millimetres.
	Left, Right float64
	// Spacing is the line height as a multiple of the size; 0 means 1.2.
	Spacing float64
	// Before and After are the space above and below the block, in points.
	Before, After float64
}

// BodyIndent is the first-line indent of body paragraphs: 1.27 cm, as in the party's
// templates.
const BodyIndent = 12.7

// Body is the style of body paragraphs: 14 pt, justified, a 1.27 cm first-line indent, line
// height 1.2, 3 pt after.
func Body() Style {
	return Style{Size: 14, Align: Justify, Indent: BodyIndent, Spacing: 1.2, After: 3}
}

// HeadingStyle is the style of section headings ("I. Kết quả …"): the body style in bold,
// with 6 pt above.
func HeadingStyle() Style {
	s := Body()
	s.Bold = true
	s.Before = 6
	return s
}

func (s Style) size() float64 {
	if s.Size <= 0 {
		return 14
	}
	return s.Size
}

func (s Style) spacing() float64 {
	if s.Spacing <= 0 {
		return 1.2
	}
	return s.Spacing
}

// Paragraph adds body text. Each line of text (separated by "\n") is a paragraph of its own;
// blank lines are skipped.
func (d *Doc) Paragraph(text string) {
	d.paragraphs(Body(), text)
}

// Heading adds a section heading such as "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT THÁNG TRƯỚC". The
// text is printed as given; use Roman for the number.
func (d *Doc) Heading(text string) {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	// Keep the heading with the first two lines of what follows it.
	st := HeadingStyle()
	d.ensurePage()
	lines := d.layout(st, []Run{{Text: oneLine(text)}})
	d.need(st.Before*ptToMM + float64(len(lines))*lineHeight(st.size(), st.spacing()) +
		2*lineHeight(Body().size(), Body().spacing()))
	d.Text(st, Run{Text: oneLine(text)})
}

// Item adds a body paragraph that starts with a label, such as "a)" or "-": Item(Letter(0)+")",
// "Về công tác …"). The label is followed by a space.
func (d *Doc) Item(label, text string) {
	d.Text(Body(), Run{Text: oneLine(label) + " "}, Run{Text: oneLine(text)})
}

// Rich adds a body paragraph made of runs in different faces, such as a bold "Thời gian:"
// followed by regular text.
func (d *Doc) Rich(runs ...Run) {
	d.Text(Body(), runs...)
}

// paragraphs sets each non-blank line of text as a paragraph in style st.
func (d *Doc) paragraphs(st Style, text string) {
	for _, p := range strings.Split(clean(text), "\n") {
		if strings.TrimSpace(p) != "" {
			d.Text(st, Run{Text: p})
		}
	}
}

// Text adds a block of runs in style st: the general form of Paragraph, Heading and Item. A
// "\n" inside a run ends the line there (that line is not stretched).
func (d *Doc) Text(st Style, runs ...Run) {
	defer d.guard(nil)
	if d.failed() {
		return
	}
	d.ensurePage()
	d.closing = nil
	lines := d.layout(st, runs)
	if len(lines) == 0 {
		return
	}
	size := st.size()
	lh := lineHeight(size, st.spacing())
	if d.y > d.top+0.01 {
		d.y += st.Before * ptToMM
	}
	for _, l := range lines {
		d.need(lh)
		d.drawLine(st, l, d.y, lh)
		d.y += lh
	}
	d.y += st.After * ptToMM
}

// piece is a stretch of text in one face with no space in it.
type piece struct {
	text         string
	bold, italic bool
	w            float64
}

// word is what lies between two spaces; it may change face inside ("(đã ký)" in two runs).
type word struct {
	pieces []piece
	w      float64
	brk    bool // a forced line break follows
}

// line is one laid-out line of a block.
type line struct {
	words []word
	w     float64 // natural width: words and single spaces
	first bool    // first line of the block: takes the indent
	last  bool    // last line of a paragraph or before a forced break: never stretched
}

// words splits runs into words and measures them.
func (d *Doc) words(st Style, runs []Run) []word {
	size := st.size()
	var out []word
	var cur word
	flush := func() {
		if len(cur.pieces) > 0 {
			out = append(out, cur)
		}
		cur = word{}
	}
	for _, r := range runs {
		bold, italic := st.Bold || r.Bold, st.Italic || r.Italic
		for k, seg := range strings.Split(clean(r.Text), "\n") {
			if k > 0 {
				flush()
				if len(out) == 0 || out[len(out)-1].brk {
					out = append(out, word{})
				}
				out[len(out)-1].brk = true
			}
			for j, p := range strings.Split(seg, " ") {
				if j > 0 {
					flush()
				}
				if p != "" {
					w := d.width(p, bold, italic, size)
					cur.pieces = append(cur.pieces, piece{text: p, bold: bold, italic: italic, w: w})
					cur.w += w
				}
			}
		}
	}
	flush()
	return out
}

// minBlock is the narrowest a text block may be, in mm: a table column of one digit.
const minBlock = 2.0

// fit keeps a style's indents within the text width, leaving the block at least minBlock wide.
func (d *Doc) fit(st Style) Style {
	w := d.textWidth()
	clamp := func(v, lo, hi float64) float64 { return max(lo, min(v, hi)) }
	st.Left = clamp(st.Left, 0, w-minBlock)
	st.Right = clamp(st.Right, 0, w-st.Left-minBlock)
	st.Indent = clamp(st.Indent, -st.Left, w-st.Left-st.Right-minBlock)
	return st
}

// layout breaks the runs into lines that fit the block's width.
func (d *Doc) layout(st Style, runs []Run) []line {
	st = d.fit(st)
	words := d.words(st, runs)
	if len(words) == 0 {
		return nil
	}
	space := d.width(" ", st.Bold, st.Italic, st.size())
	avail := func(first bool) float64 {
		w := d.textWidth() - st.Left - st.Right
		if first {
			w -= st.Indent
		}
		return w
	}
	var lines []line
	cur := line{first: true}
	finish := func(last bool) {
		cur.last = last
		lines = append(lines, cur)
		cur = line{}
	}
	for _, w := range words {
		if w.w > avail(cur.first && len(cur.words) == 0) {
			// A word longer than the line (a pasted link, a row of dots): cut it where it
			// reaches the edge.
			if len(cur.words) > 0 {
				finish(false)
			}
			chunks := d.splitWord(w, avail(cur.first), avail(false), st.size())
			for _, c := range chunks[:len(chunks)-1] {
				cur.words, cur.w = []word{c}, c.w
				finish(false)
			}
			w = chunks[len(chunks)-1]
		}
		need := w.w
		if len(cur.words) > 0 {
			need += space
		}
		if len(cur.words) > 0 && cur.w+need > avail(cur.first)+0.001 {
			finish(false)
			need = w.w
		}
		cur.words = append(cur.words, w)
		cur.w += need
		if w.brk {
			finish(true)
		}
	}
	if len(cur.words) > 0 {
		finish(true)
	} else if len(lines) > 0 {
		lines[len(lines)-1].last = true
	}
	return lines
}

// splitWord cuts a word wider than a line into pieces: the first at most first wide, the
// others at most rest wide.
func (d *Doc) splitWord(w word, first, rest, size float64) []word {
	var out []word
	limit := first
	var cur word
	for _, p := range w.pieces {
		d.setFont(p.bold, p.italic, size)
		start := 0
		acc := 0.0
		for i, r := range p.text {
			rw := d.pdf.GetStringWidth(string(r))
			if cur.w+acc+rw > limit && (cur.w+acc > 0) {
				if i > start {
					cur.pieces = append(cur.pieces, piece{text: p.text[start:i], bold: p.bold, italic: p.italic, w: acc})
					cur.w += acc
				}
				out = append(out, cur)
				cur = word{}
				limit = rest
				start, acc = i, 0
			}
			acc += rw
		}
		if start < len(p.text) {
			cur.pieces = append(cur.pieces, piece{text: p.text[start:], bold: p.bold, italic: p.italic, w: acc})
			cur.w += acc
		}
	}
	cur.brk = w.brk
	out = append(out, cur)
	return out
}

// drawLine sets one line with its top at y.
func (d *Doc) drawLine(st Style, l line, y, lh float64) {
	st = d.fit(st)
	size := st.size()
	x := d.left + st.Left
	avail := d.textWidth() - st.Left - st.Right
	if l.first {
		x += st.Indent
		avail -= st.Indent
	}
	extra := 0.0
	switch st.Align {
	case AlignCenter:
		x += (avail - l.w) / 2
	case AlignRight:
		x += avail - l.w
	case Justify:
		if !l.last && len(l.words) > 1 {
			extra = (avail - l.w) / float64(len(l.words)-1)
			if extra < 0 {
				extra = 0
			}
		}
	}
	base := baseline(y, lh, size)
	// Text in one face is sent as one string, spaces included, so that it copies and
	// extracts as ordinary words; a stretched line places each word itself.
	var buf strings.Builder
	var bufBold, bufItalic bool
	bufX := x
	flush := func() {
		if buf.Len() > 0 {
			d.setFont(bufBold, bufItalic, size)
			d.pdf.Text(bufX, base, buf.String())
			buf.Reset()
		}
	}
	for i, w := range l.words {
		if i > 0 {
			if extra == 0 && buf.Len() > 0 && len(w.pieces) > 0 &&
				w.pieces[0].bold == bufBold && w.pieces[0].italic == bufItalic {
				buf.WriteByte(' ')
				x += d.width(" ", bufBold, bufItalic, size)
			} else {
				flush()
				x += d.width(" ", st.Bold, st.Italic, size) + extra
			}
		}
		for _, p := range w.pieces {
			if buf.Len() > 0 && (p.bold != bufBold || p.italic != bufItalic) {
				flush()
			}
			if buf.Len() == 0 {
				bufX, bufBold, bufItalic = x, p.bold, p.italic
			}
			buf.WriteString(p.text)
			x += p.w
		}
	}
	flush()
}

// vietAlphabet is the order of lettered sub-items: the Vietnamese alphabet without the
// letters that carry a mark of their own (ă, â, ê, ô, ơ, ư) and without f, j, w, z; đ comes
// after d.
var vietAlphabet = []string{"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o",
	"p", "q", "r", "s", "t", "u", "v", "x", "y"}

// Letter returns the label of the sub-item at index i, counting from 0: a, b, c, d, đ, e, g,
// h, i, k … y, then aa, ab … as in a spreadsheet. A negative index gives "".
func Letter(i int) string {
	if i < 0 {
		return ""
	}
	n := len(vietAlphabet)
	s := ""
	for {
		s = vietAlphabet[i%n] + s
		i = i/n - 1
		if i < 0 {
			return s
		}
	}
}

// Roman returns n (from 1) in Roman numerals, for section headings: 1 → "I", 4 → "IV". Zero
// or a negative n gives "".
func Roman(n int) string {
	if n <= 0 {
		return ""
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
