package cli

import (
	"context"
	"fmt"
	"strings"

	"chibo/i18n"
	"chibo/store"
)

func init() {
	moreCommands = append(moreCommands, command{"minutes approve", runMinutesApprove})
}

// runMinutesApprove approves a draft's minutes, as "Thông qua biên bản" does in the window:
// the checks of approval apply, and what is missing is named field by field.
func runMinutesApprove(ctx context.Context, e *Env, lang i18n.Lang, args []string) error {
	fs, data, code := cellFlagSet(e, lang, "minutes approve")
	ref := fs.String("meeting", "", "")
	if err := parse(fs, lang, args); err != nil {
		return err
	}
	if *ref == "" {
		return usageError{i18n.T(lang, "cli.need_meeting")}
	}
	c, err := unlock(ctx, e, lang, *data, *code)
	if err != nil {
		return err
	}
	defer c.Close()
	ms, err := c.ListMeetings(ctx)
	if err != nil {
		return err
	}
	m, ok := findMeeting(ms, *ref)
	if !ok {
		return refusal{i18n.T(lang, "err.no_meeting", map[string]any{"Ref": *ref})}
	}
	if m.Status == store.StatusApproved {
		return refusal{i18n.T(lang, "cli.minutes_already_approved", map[string]any{"Date": m.Date.DMY()})}
	}
	if err := store.CheckForApproval(m); err != nil {
		if ve, ok := err.(*store.ValidationError); ok {
			return refusal{strings.Join(i18n.ValidationLines(lang, ve), "\n")}
		}
		return err
	}
	ap, err := c.ApproveMeeting(ctx, m.ID, m.Version)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, i18n.T(lang, "cli.minutes_approved", map[string]any{
		"Date": ap.Date.DMY(), "Number": ap.Number, "Code": store.ShortCode(ap.RecordHash)}))
	return nil
}
