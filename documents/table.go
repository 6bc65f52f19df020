package documents

import "strings"

// Column is one column of a Table.
type Column struct {
	// Title is the header cell; "\n" breaks it where wanted.
	Title string
	// Width is the column's share of the table's width: widths are scaled so the table fills
	// the text width. Zero counts as 1.
	Width float64
	// Align is the alignment of the body cells (header cells are centred); the zero value
	// is AlignLeft. Use AlignCenter for numbers and dates.
	Align Align
}

// Table is a ruled table of text. Cells wrap; a row that does not fit on the page moves to
// the next one, where the header row is printed again; a row taller than a page is split.
type Table struct {
	Columns []Column
	// Rows are the body rows, one string per column ("\n" breaks a line). Missing cells are
	// empty, extra cells are ignored.
	Rows [][]string
	// Size is the font size in points; 0 means 12.
	Size float64
}

// Table draws t across the text width.
func (d *Doc) Table(t Table) {
	size := t.Size
	if size <= 0 {
		size = 12
	}
	spec := tableSpec{
		cols:      t.Columns,
		size:      size,
		headSize:  size,
		spacing:   1.15,
		pad:       1.5,
		vpad:      1.0,
		rowRule:   0.2,
		startText: 2,
	}
	titles := make([]cell, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = cell{{Text: c.Title}}
	}
	spec.header = [][]cell{titles}
	for _, r := range t.Rows {
		row := make([]cell, len(t.Columns))
		for i := range row {
			if i < len(r) {
				row[i] = cell{{Text: r[i]}}
			}
		}
		spec.rows = append(spec.rows, row)
	}
	d.drawTable(spec)
}

// cell is the content of a table cell: runs, "\n" breaking lines.
type cell []Run

// tableSpec is everything the table engine needs; Table and the roster book fill it.
type tableSpec struct {
	cols      []Column
	header    [][]cell // header rows, repeated on every page
	rows      [][]cell
	size      float64 // body font size, pt
	headSize  float64 // header font size, pt
	spacing   float64 // line height factor
	pad       float64 // horizontal padding in a cell, mm
	vpad      float64 // vertical padding above and below a row's text, mm
	minLines  int     // every body row is at least this many lines tall
	subRules  bool    // thin rules between the lines of a body row (the roster book)
	rowRule   float64 // thickness of the rule between body rows, mm
	gridRule  float64 // thickness of the other rules, mm; 0 means 0.2
	startText float64 // space above the table, mm
}

// laidRow is a row broken into lines, cell by cell.
type laidRow struct {
	cells [][]line
	n     int // lines in the row
}

// drawTable lays out and draws a table at the flow's position.
func (d *Doc) drawTable(t tableSpec) {
	defer d.guard(nil)
	if d.failed() || len(t.cols) == 0 {
		return
	}
	d.ensurePage()
	d.closing = nil
	if t.gridRule == 0 {
		t.gridRule = 0.2
	}
	// Column edges, in mm from the page's left edge. No column gets less than a fortieth
	// of the table, so that a slip of the caller's never makes a column one letter wide.
	weights := make([]float64, len(t.cols))
	total := 0.0
	for i, c := range t.cols {
		weights[i] = c.Width
		if weights[i] <= 0 {
			weights[i] = 1
		}
		total += weights[i]
	}
	sum := 0.0
	for i := range weights {
		weights[i] = max(weights[i], total/40)
		sum += weights[i]
	}
	xs := make([]float64, len(t.cols)+1)
	xs[0] = d.left
	for i := range t.cols {
		xs[i+1] = xs[i] + d.textWidth()*weights[i]/sum
	}
	styles := make([]Style, len(t.cols))
	headStyles := make([]Style, len(t.cols))
	for i, c := range t.cols {
		st := Style{Size: t.size, Align: c.Align, Spacing: t.spacing,
			Left: xs[i] - d.left + t.pad, Right: d.left + d.textWidth() - xs[i+1] + t.pad}
		styles[i] = st
		st.Size, st.Bold, st.Align = t.headSize, true, AlignCenter
		headStyles[i] = st
	}
	lay := func(cells []cell, sts []Style) laidRow {
		r := laidRow{cells: make([][]line, len(t.cols))}
		for i := range t.cols {
			if i < len(cells) {
				r.cells[i] = d.layout(sts[i], cells[i])
			}
			r.n = max(r.n, len(r.cells[i]))
		}
		return r
	}
	lh := lineHeight(t.size, t.spacing)
	hlh := lineHeight(t.headSize, t.spacing)
	var heads []laidRow
	headH := 0.0
	for _, h := range t.header {
		r := lay(h, headStyles)
		r.n = max(r.n, 1)
		heads = append(heads, r)
		headH += float64(r.n)*hlh + 2*t.vpad
	}

	drawHeader := func() {
		d.pdf.SetLineWidth(t.gridRule)
		for _, r := range heads {
			h := float64(r.n)*hlh + 2*t.vpad
			for i := range t.cols {
				// Header text is centred vertically in its row.
				y := d.y + t.vpad + float64(r.n-len(r.cells[i]))*hlh/2
				for _, l := range r.cells[i] {
					d.drawLine(headStyles[i], l, y, hlh)
					y += hlh
				}
			}
			d.pdf.Rect(xs[0], d.y, xs[len(xs)-1]-xs[0], h, "D")
			for _, x := range xs[1 : len(xs)-1] {
				d.pdf.Line(x, d.y, x, d.y+h)
			}
			d.y += h
		}
	}

	rowH := func(n int) float64 { return float64(n)*lh + 2*t.vpad }
	if d.y > d.top+0.01 {
		d.y += t.startText
	}
	// Keep the header with at least the first row (or its first lines).
	first := 1
	if len(t.rows) > 0 {
		first = max(t.minLines, 1)
	}
	d.need(headH + rowH(first))
	drawHeader()
	d.pageHook = drawHeader
	defer func() { d.pageHook = nil }()

	pageRoom := d.limit() - d.top - headH // the most a page can hold below the header
	for _, cells := range t.rows {
		r := lay(cells, styles)
		r.n = max(r.n, t.minLines, 1)
		// Move a row that does not fit to the next page, unless it could not fit any page.
		if d.y+rowH(r.n) > d.limit() && rowH(r.n) <= pageRoom {
			d.newPage()
		}
		for from := 0; from < r.n; {
			fit := int((d.limit() - d.y - 2*t.vpad) / lh)
			if fit < 1 {
				d.newPage()
				continue
			}
			to := min(r.n, from+fit)
			d.drawRowPart(t, xs, styles, r, from, to, lh)
			from = to
			if from < r.n {
				d.newPage()
			}
		}
	}
	d.y += 2
}

// drawRowPart draws lines [from, to) of a laid-out row at the flow's position, with its rules.
func (d *Doc) drawRowPart(t tableSpec, xs []float64, styles []Style, r laidRow, from, to int, lh float64) {
	top := d.y
	h := float64(to-from)*lh + 2*t.vpad
	for i := range t.cols {
		y := top + t.vpad
		for k := from; k < to && k < len(r.cells[i]); k++ {
			d.drawLine(styles[i], r.cells[i][k], y, lh)
			y += lh
		}
	}
	if t.subRules {
		// The ruled lines of the paper book inside a member's row: thin and grey.
		d.pdf.SetDrawColor(150, 150, 150)
		d.pdf.SetLineWidth(0.1)
		for k := 1; k < to-from; k++ {
			y := top + t.vpad + float64(k)*lh
			d.pdf.Line(xs[0], y, xs[len(xs)-1], y)
		}
		d.pdf.SetDrawColor(0, 0, 0)
	}
	d.pdf.SetLineWidth(t.gridRule)
	for _, x := range xs {
		d.pdf.Line(x, top, x, top+h)
	}
	// A row's top and bottom rules: bold between rows when asked, thin where the row was
	// split over a page.
	topRule, bottomRule := t.rowRule, t.rowRule
	if from > 0 {
		topRule = t.gridRule
	}
	if to < r.n {
		bottomRule = t.gridRule
	}
	d.hline(xs[0], xs[len(xs)-1], top, max(topRule, t.gridRule))
	d.hline(xs[0], xs[len(xs)-1], top+h, max(bottomRule, t.gridRule))
	d.y = top + h
}

// cellLines is a cell of plain lines, empty ones kept so that each item stays on its ruled
// line; trailing empty lines are dropped.
func cellLines(lines ...string) cell {
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = oneLine(l)
	}
	return cell{{Text: strings.Join(lines, "\n")}}
}
