package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's default theme, always in its light variant (dark screens are hard to read
// in a bright village hall) and with larger text. Everything else is left as Fyne draws it.
type appTheme struct {
	base fyne.Theme
	text float32 // body text size in points
}

func newTheme(textSize float32) *appTheme {
	return &appTheme{base: theme.DefaultTheme(), text: textSize}
}

// Two greys of the light theme are too pale to see on a cheap screen in daylight: the border
// of an input (and the box of an unticked check) and the text of a disabled button. They are
// darkened to about 3:1 against white, and the green of success text further; everything else
// keeps Fyne's colours.
var (
	inputBorder  = color.NRGBA{R: 0x8c, G: 0x8c, B: 0x8c, A: 0xff}
	disabledText = color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}
	// successText is Fyne's green darkened to about 5:1 against white: "Thông qua" under a
	// vote must be as readable as "Không thông qua" in red.
	successText = color.NRGBA{R: 0x1e, G: 0x7d, B: 0x32, A: 0xff}
)

func (t *appTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameInputBorder:
		return inputBorder
	case theme.ColorNameDisabled:
		return disabledText
	case theme.ColorNameSuccess:
		return successText
	}
	return t.base.Color(n, theme.VariantLight)
}

func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t *appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Size scales the text sizes with the chosen body size, keeping Fyne's proportions
// (14 : 24 : 18 : 11 for body, heading, subheading and caption).
func (t *appTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return t.text
	case theme.SizeNameHeadingText:
		return t.text * 24 / 14
	case theme.SizeNameSubHeadingText:
		return t.text * 18 / 14
	case theme.SizeNameCaptionText:
		return t.text * 12 / 14
	case theme.SizeNameInlineIcon:
		return t.text * 20 / 14
	}
	return t.base.Size(n)
}
