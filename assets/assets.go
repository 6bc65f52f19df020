// Package assets holds the files embedded in the program: the translations of every sentence
// it shows (Vietnamese first, and English), the fonts it prints with (Liberation Serif,
// SIL OFL, with its licence) and the icon.
package assets

import "embed"

// Translations holds translation/AREA.vi.json and AREA.en.json: flat objects from a key to
// a sentence, with {{.Name}} placeholders.
//
//go:embed translation/*.json
var Translations embed.FS

// FyneVietnamese translates the Fyne toolkit's own words (the Cut/Copy/Paste menu of a text
// field, the file dialog, the days of the week), which Fyne itself has no Vietnamese for.
//
//go:embed fyne/base.vi.json
var FyneVietnamese []byte
