package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// choice shows a few options side by side, each with a round mark, and one of them chosen: the
// attendance of one member ("Có mặt", "Vắng có lý do", "Vắng không lý do"). Unlike a
// widget.RadioGroup, whose every option is a stop of its own, it is one stop for Tab: on a list
// of forty members that is forty presses instead of a hundred and twenty. With the focus on it
// the arrow keys move the choice, Space moves to the next option, and 1, 2, 3 choose directly;
// a click chooses the option under the pointer.
type choice struct {
	widget.DisableableWidget
	ui *UI

	options  []string
	selected int // -1 for none
	focused  bool
	hovered  bool

	// OnChanged runs when the user changes the choice, with the new index.
	OnChanged func(int)

	marks  []*widget.Icon
	labels []*widget.Label
}

func (u *UI) newChoice(options []string, changed func(int)) *choice {
	c := &choice{ui: u, options: options, selected: -1, OnChanged: changed}
	c.ExtendBaseWidget(c)
	return c
}

// SetSelected chooses option i without calling OnChanged (the program filling the form).
func (c *choice) SetSelected(i int) {
	if i < -1 || i >= len(c.options) {
		i = -1
	}
	c.selected = i
	c.Refresh()
}

// Selected is the chosen option's index, or -1.
func (c *choice) Selected() int { return c.selected }

func (c *choice) choose(i int) {
	if c.Disabled() || i < 0 || i >= len(c.options) || i == c.selected {
		return
	}
	c.selected = i
	c.Refresh()
	if c.OnChanged != nil {
		c.OnChanged(i)
	}
}

// Tapped chooses the option under the pointer.
func (c *choice) Tapped(ev *fyne.PointEvent) {
	if c.Disabled() {
		return
	}
	for i, l := range c.labels {
		right := l.Position().X + l.Size().Width
		if ev.Position.X <= right || i == len(c.labels)-1 {
			c.choose(i)
			break
		}
	}
	if c.ui.win.Canvas().Focused() != c {
		c.ui.win.Canvas().Focus(c)
	}
}

// FocusGained shows the focus and scrolls the choice into view.
func (c *choice) FocusGained() {
	c.focused = true
	c.Refresh()
	c.ui.scrollIntoView(c)
}

// FocusLost hides the focus mark.
func (c *choice) FocusLost() {
	c.focused = false
	c.Refresh()
}

// TypedRune chooses by number: 1 for the first option.
func (c *choice) TypedRune(r rune) {
	if r >= '1' && r <= '9' {
		c.choose(int(r - '1'))
	}
}

// TypedKey moves the choice with the arrow keys and Space, and lets Escape close a dialog.
func (c *choice) TypedKey(k *fyne.KeyEvent) {
	n := len(c.options)
	switch k.Name {
	case fyne.KeyRight, fyne.KeyDown:
		c.choose(min(c.selected+1, n-1))
	case fyne.KeyLeft, fyne.KeyUp:
		c.choose(max(c.selected-1, 0))
	case fyne.KeySpace:
		c.choose((c.selected + 1) % n)
	case fyne.KeyEscape:
		c.ui.escape()
	}
}

// MouseIn, MouseMoved and MouseOut show that the choice reacts to the pointer.
func (c *choice) MouseIn(*desktop.MouseEvent) { c.hovered = true; c.Refresh() }

func (c *choice) MouseMoved(*desktop.MouseEvent) {}

func (c *choice) MouseOut() { c.hovered = false; c.Refresh() }

// Cursor is the pointing hand, as over a button.
func (c *choice) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *choice) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &choiceRenderer{c: c, bg: canvas.NewRectangle(theme.Color(theme.ColorNameFocus))}
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.objects = []fyne.CanvasObject{r.bg}
	c.marks, c.labels = nil, nil
	for _, o := range c.options {
		m := widget.NewIcon(theme.RadioButtonIcon())
		l := &widget.Label{Text: o}
		c.marks = append(c.marks, m)
		c.labels = append(c.labels, l)
		r.objects = append(r.objects, m, l)
	}
	r.Refresh()
	return r
}

type choiceRenderer struct {
	c       *choice
	bg      *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *choiceRenderer) Destroy() {}

func (r *choiceRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *choiceRenderer) iconSize() float32 { return theme.IconInlineSize() }

// labelWidth is the width of option i's label in bold, which the chosen one is: every option
// keeps that width, so that choosing one does not move the others from under the pointer and
// the choices of all rows line up.
func (r *choiceRenderer) labelWidth(i int) float32 {
	l := r.c.labels[i]
	bold := fyne.MeasureText(l.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 2*theme.InnerPadding()
	return max(bold, l.MinSize().Width)
}

func (r *choiceRenderer) MinSize() fyne.Size {
	var w, h float32
	is := r.iconSize()
	for i, l := range r.c.labels {
		w += is + r.labelWidth(i)
		h = max(h, l.MinSize().Height, is)
	}
	return fyne.NewSize(w+theme.Padding()*float32(len(r.c.labels)+1), h)
}

func (r *choiceRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	is := r.iconSize()
	x := theme.Padding()
	for i, l := range r.c.labels {
		lw := r.labelWidth(i)
		r.c.marks[i].Resize(fyne.NewSquareSize(is))
		r.c.marks[i].Move(fyne.NewPos(x, (size.Height-is)/2))
		x += is
		l.Resize(fyne.NewSize(lw, size.Height))
		l.Move(fyne.NewPos(x-theme.Padding(), 0))
		x += lw + theme.Padding()
	}
}

func (r *choiceRenderer) Refresh() {
	c := r.c
	switch {
	case c.focused:
		r.bg.FillColor = theme.Color(theme.ColorNameFocus)
	case c.hovered && !c.Disabled():
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	default:
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
	for i, m := range c.marks {
		res := theme.RadioButtonIcon()
		if i == c.selected {
			res = theme.RadioButtonCheckedIcon()
			if !c.Disabled() {
				res = theme.NewPrimaryThemedResource(res)
			}
		}
		m.SetResource(res)
		l := c.labels[i]
		l.TextStyle.Bold = i == c.selected
		l.Refresh()
	}
}
