package ui

// Preference keys. The preferences are per user of the machine, not per cell: they hold how
// the window looks, never anything from a cell's records.
const (
	// prefLanguage holds "vi" or "en"; empty means the operating system's language.
	prefLanguage = "language"
	// prefTextSize holds one of textSizes' keys.
	prefTextSize = "text_size"
	// prefOpenMeeting, followed by a cell's code, holds the id of the meeting whose editor was
	// open when the program last stopped (or lost power), so that the next start, once the
	// cell is unlocked, reopens it; "" when the secretary had gone back to the list. An id says
	// nothing about what the meeting holds.
	prefOpenMeeting = "open_meeting."
	// prefMeetingScroll, followed by a cell's code, holds how far down (in points) the meeting
	// editor was scrolled, so that she comes back to the part she was writing.
	prefMeetingScroll = "meeting_scroll."
	// prefSaveFolder holds the folder a PDF was last saved to (often a USB stick), where the
	// folder dialog opens next time.
	prefSaveFolder = "save_folder"
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
