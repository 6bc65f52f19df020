package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chibo/i18n"
)

// entry is a widget.Entry that lets the window's own shortcuts (Ctrl+S, Ctrl+F, Ctrl+N, Ctrl+L,
// Ctrl+P) and Escape through. A plain Entry swallows every shortcut while it has the focus, so without
// this Ctrl+S would do nothing while the cursor is in a field, which is where it always is.
type entry struct {
	widget.Entry
	ui *UI
}

func (u *UI) newEntry() *entry {
	e := &entry{ui: u}
	e.ExtendBaseWidget(e)
	return e
}

func (u *UI) newMultiLineEntry() *entry {
	e := u.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

func (u *UI) newPasswordEntry() *entry {
	e := u.newEntry()
	e.Password = true
	return e
}

// TypedShortcut gives the window's shortcuts first go.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	if e.ui.shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// AcceptsTab is false even for the multi-line notes: Tab must move to the next field, or a
// keyboard user could never leave them; nobody needs a tab character in a member's notes.
func (e *entry) AcceptsTab() bool { return false }

// FocusGained scrolls the field into view.
func (e *entry) FocusGained() {
	e.Entry.FocusGained()
	e.ui.scrollIntoView(e)
}

// TypedKey closes the open dialog on Escape.
func (e *entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.ui.escape() {
		return
	}
	e.Entry.TypedKey(k)
}

// selectEntry is a widget.SelectEntry (typing or picking from a list) that lets the window's
// shortcuts through, like entry.
type selectEntry struct {
	widget.SelectEntry
	ui *UI
}

func (u *UI) newSelectEntry(options []string) *selectEntry {
	e := &selectEntry{ui: u}
	e.ExtendBaseWidget(e)
	e.SetOptions(options)
	return e
}

func (e *selectEntry) TypedShortcut(s fyne.Shortcut) {
	if e.ui.shortcut(s) {
		return
	}
	e.SelectEntry.TypedShortcut(s)
}

func (e *selectEntry) FocusGained() {
	e.SelectEntry.FocusGained()
	e.ui.scrollIntoView(e)
}

func (e *selectEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.ui.escape() {
		return
	}
	e.SelectEntry.TypedKey(k)
}

// list is a widget.List on which Enter, like Space, chooses the row that has the keyboard
// focus: after Tab, the arrow keys move and Enter opens.
type list struct {
	widget.List
	// onEnter, when set, runs after Enter has chosen the row (the start screen opens the cell).
	onEnter func()
}

func newList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *list {
	l := &list{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *list) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		if l.onEnter != nil {
			l.onEnter()
		}
	default:
		l.List.TypedKey(k)
	}
}

// field is one line of a form: its label, the widget that takes the input, and the sentence
// that says what is wrong with it, shown in red under the widget when there is one.
type field struct {
	label  *widget.Label
	input  fyne.CanvasObject
	errMsg *widget.Label
	box    *fyne.Container // input and errMsg
}

func newField(label string, input fyne.CanvasObject) *field {
	f := &field{
		label:  &widget.Label{Text: label, TextStyle: fyne.TextStyle{Bold: true}},
		input:  input,
		errMsg: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
	}
	f.errMsg.Hide()
	f.box = container.NewVBox(input, f.errMsg)
	return f
}

// setVisible shows or hides the whole line (the form skips hidden lines).
func (f *field) setVisible(v bool) {
	if v {
		f.label.Show()
		f.box.Show()
	} else {
		f.label.Hide()
		f.box.Hide()
	}
}

// focusable is the field's input when it can take the keyboard focus.
func (f *field) focusable() fyne.Focusable {
	if fo, ok := f.input.(fyne.Focusable); ok {
		return fo
	}
	if c, ok := f.input.(*fyne.Container); ok {
		for _, o := range c.Objects {
			if fo, ok := o.(fyne.Focusable); ok {
				return fo
			}
		}
	}
	return nil
}

// setError shows msg under the field, or hides the line when msg is empty.
func (f *field) setError(msg string) {
	f.errMsg.SetText(msg)
	if msg == "" {
		f.errMsg.Hide()
	} else {
		f.errMsg.Show()
	}
}

// section is a form line that carries only a section title, so that several sections share
// one form and so one column of labels.
func section(title string) *field {
	return &field{label: subheading(title), box: container.NewVBox()}
}

// form lays fields out in two columns: labels on the left, inputs with their error lines on the
// right. The Tab order is the order of the fields.
func form(fields ...*field) *fyne.Container {
	objs := make([]fyne.CanvasObject, 0, 2*len(fields))
	for _, f := range fields {
		objs = append(objs, f.label, f.box)
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// heading is a title in the heading size.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText,
		Truncation: fyne.TextTruncateEllipsis}
}

// subheading is a section title.
func subheading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
}

// wrapped is a label whose text wraps at word boundaries.
func wrapped(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

// errorLabel is a red label, hidden while it has no text.
func errorLabel() *widget.Label {
	l := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	l.Hide()
	return l
}

// setShown sets a label's text and shows it, or hides it when text is empty.
func setShown(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// button is a widget.Button that Enter presses as well as Space, and on which Escape closes the
// open dialog: people who are new to computers press Enter.
type button struct {
	widget.Button
	ui *UI
	// editOnly marks a button that adds, removes or moves rows of a form: read-only records
	// hide it.
	editOnly bool
	// noSpace makes Space do nothing on a button that removes something: someone who has
	// tabbed onto it believing she is in a text field types spaces, and must not delete a row
	// by it. Enter and a click still press it.
	noSpace bool
}

func (u *UI) newButton(text string, imp widget.Importance, tapped func()) *button {
	b := &button{ui: u}
	b.Text, b.Importance, b.OnTapped = text, imp, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *button) FocusGained() {
	b.Button.FocusGained()
	b.ui.scrollIntoView(b)
}

func (b *button) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() {
			b.Tapped(nil)
		}
	case fyne.KeyEscape:
		b.ui.escape()
	case fyne.KeySpace:
		if !b.noSpace {
			b.Button.TypedKey(k)
		}
	default:
		b.Button.TypedKey(k)
	}
}

// selectBox is a widget.Select on which Escape closes the open dialog.
type selectBox struct {
	widget.Select
	ui *UI
}

func (u *UI) newSelect(options []string, changed func(string)) *selectBox {
	s := &selectBox{ui: u}
	s.Options, s.OnChanged = options, changed
	// Fyne's own "(Select one)" is not translated.
	s.PlaceHolder = i18n.L("ui.select.placeholder")
	s.ExtendBaseWidget(s)
	return s
}

func (s *selectBox) FocusGained() {
	s.Select.FocusGained()
	s.ui.scrollIntoView(s)
}

// TypedKey closes the open dialog on Escape and submits it on Enter: a Select takes the keys
// while it has the focus, so without this Enter in a dialog that opens on a Select (the kind
// of a new meeting) would do nothing.
func (s *selectBox) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if s.ui.escape() {
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if m := s.ui.topModal(); m != nil && m.submit != nil {
			m.submit()
			return
		}
	}
	s.Select.TypedKey(k)
}

// sized gives o at least the given width, so that wrapped labels in it have room.
func sized(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.New(minWidth(width), o)
}

type minWidth float32

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	if s.Width < float32(m) {
		s.Width = float32(m)
	}
	return s
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// rowBox stacks the lines of a list row without the padding a VBox puts between them (each
// label already has its own), so that more rows fit on a small screen.
func rowBox(lines ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewCustomPaddedVBoxLayout(0), lines...)
}

// border is container.NewBorder with top and bottom only, but with its objects in reading
// order (top, centre, bottom). Fyne moves the keyboard focus in the order of a container's
// objects, and NewBorder puts the centre first, so Tab would jump from the search field over
// the list to the button below it.
func border(top, bottom, center fyne.CanvasObject) *fyne.Container {
	objs := []fyne.CanvasObject{}
	for _, o := range []fyne.CanvasObject{top, center, bottom} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return container.New(layout.NewBorderLayout(top, bottom, nil, nil), objs...)
}

// selectWidth is a width at which a Select shows its longest option whole, even at the largest
// text size (a Select placed in a row otherwise takes the width of its current choice only).
func selectWidth(options []string) float32 {
	size := textSizes[len(textSizes)-1].size
	var w float32
	for _, o := range options {
		w = max(w, fyne.MeasureText(o, size, fyne.TextStyle{}).Width)
	}
	// Room for the padding and the drop-down arrow.
	return w + 3*size
}

// textWidth is a layout as wide as its sample text at the theme's current text size, so that
// a column of numbers ("9.", "10.") keeps the names beside it in line.
type textWidth string

func (t textWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	w := fyne.MeasureText(string(t), theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
	s.Width = max(s.Width, w)
	return s
}

func (t textWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// scrollIntoView scrolls the scroll container that holds o, if any, so that o can be seen.
// Fyne does not do it when the focus moves, so without this Tab would walk into fields below
// the bottom of the member form where nobody can see what they type.
func (u *UI) scrollIntoView(o fyne.CanvasObject) {
	for _, s := range u.scrolls {
		if !s.Visible() || !contains(s.Content, o) {
			continue
		}
		d := fyne.CurrentApp().Driver()
		top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s.Content).Y
		bottom := top + o.Size().Height
		off := s.Offset
		switch {
		case top < off.Y:
			off.Y = top - theme.Padding()
		case bottom > off.Y+s.Size().Height:
			off.Y = bottom - s.Size().Height + theme.Padding()
		default:
			return
		}
		s.ScrollToOffset(off)
		return
	}
}

// scroll makes a vertical scroll container whose fields scrollIntoView can reveal. name says
// which screen it belongs to: a screen built again replaces its own.
func (u *UI) scroll(name string, content fyne.CanvasObject) *container.Scroll {
	s := container.NewVScroll(content)
	u.scrolls[name] = s
	return s
}

// contains reports whether o is within the containers under root (the inputs of a form are
// always laid out in containers, so widgets need not be opened).
func contains(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	switch x := root.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if contains(c, o) {
				return true
			}
		}
	case *container.Scroll:
		return contains(x.Content, o)
	case *container.ThemeOverride:
		return contains(x.Content, o)
	}
	return false
}

// check is a widget.Check that scrolls into view when it gets the focus.
type check struct {
	widget.Check
	ui *UI
}

func (u *UI) newCheck(text string, changed func(bool)) *check {
	c := &check{ui: u}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *check) FocusGained() {
	c.Check.FocusGained()
	c.ui.scrollIntoView(c)
}
