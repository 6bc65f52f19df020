package documents

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
)

// Sizes of what is printed in the margins.
const (
	pageNumberSize = 13.0
	footerSize     = 9.0
	qrMaxSize      = 13.0 // mm
)

// pageHeader prints the page number, from page 2 on, centred in the top margin (fpdf calls it
// at the start of every page).
func (d *Doc) pageHeader() {
	defer d.forgetFont()
	n := d.pdf.PageNo()
	if n < 2 {
		return
	}
	s := strconv.Itoa(n)
	w := d.width(s, false, false, pageNumberSize)
	lh := lineHeight(pageNumberSize, 1.2)
	top := (d.top - lh) / 2
	d.pdf.Text(d.left+(d.textWidth()-w)/2, baseline(top, lh, pageNumberSize), s)
}

// pageFooter prints the footer code and the QR code in the bottom margin of every page (fpdf
// calls it at the end of every page).
func (d *Doc) pageFooter() {
	defer d.forgetFont()
	qr := d.qrSize()
	if d.qrName != "" && qr > 0 {
		x := d.pageW - d.right - qr
		y := d.pageH - d.bottom + 3
		d.pdf.ImageOptions(d.qrName, x, y, qr, qr, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	if d.opts.FooterText == "" {
		return
	}
	gap := 0.0
	if d.qrName != "" {
		gap = qr + 4
	}
	st := Style{Size: footerSize, Align: AlignLeft, Spacing: 1.15, Right: gap}
	lh := lineHeight(footerSize, st.Spacing)
	y := d.pageH - d.bottom + 5
	for i, l := range d.layout(st, []Run{{Text: oneLine(d.opts.FooterText)}}) {
		if i == 2 {
			break // the margin holds two lines; the code is meant to be short
		}
		d.drawLine(st, l, y, lh)
		y += lh
	}
}

// qrSize is the side of the footer's QR code: as large as the bottom margin allows, leaving
// 3 mm above it and 4 mm to the paper's edge.
func (d *Doc) qrSize() float64 {
	return min(qrMaxSize, d.bottom-7)
}

// registerQR makes the PNG of the footer's QR code and adds it to the PDF once; every page
// shows the same image.
func (d *Doc) registerQR(content string) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		d.setErr(fmt.Errorf("documents: footer qr code: %w", err))
		return
	}
	// The white around the code on the page is its quiet zone.
	q.DisableBorder = true
	png, err := q.PNG(-8) // 8 pixels a module: sharp edges at any print size
	if err != nil {
		d.setErr(fmt.Errorf("documents: footer qr code: %w", err))
		return
	}
	sum := sha256.Sum256(png)
	d.qrName = "qr-" + hex.EncodeToString(sum[:8])
	d.pdf.RegisterImageOptionsReader(d.qrName, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
}
