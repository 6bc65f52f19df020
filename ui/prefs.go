package ui

// Preference keys. The preferences are per user of the machine, not per cell: they hold how
// the window looks, never anything from a cell's records.
const (
	// prefLanguage holds "vi" or "en"; empty means the operating system's language.
	prefLanguage = "language"
	// prefTextSize holds one of textSizes' keys.
	prefTextSize = "text_size"
)

// Text sizes the settings offer, in points of the theme's body text. Fyne's own default is 14;
// the smallest here is already a little larger, for older eyes.
const (
	textMedium = "medium"
	textLarge  = "large"
	textHuge   = "huge"
)

var textSizes = []struct {
	key  string
	size float32
}{
	{textMedium, 15},
	{textLarge, 17},
	{textHuge, 20},
}

// textSizeOf returns the point size of a text-size key, and the medium size for an unknown one.
func textSizeOf(key string) float32 {
	for _, t := range textSizes {
		if t.key == key {
			return t.size
		}
	}
	return textSizes[0].size
}
