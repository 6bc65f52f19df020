package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// killHelper is TestMain's helper mode: when CHIBO_KILL_HELPER names a data folder, this test
// binary plays the window's autosave, saving a growing draft every 200 ms and printing each
// saved count, until it is killed.
func killHelper(dir string) {
	ctx := context.Background()
	c, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	ms, _ := c.ListMeetings(ctx)
	m := ms[0]
	for n := 1; ; n++ {
		m.Body.Notes += fmt.Sprintf("dòng %d; ", n)
		if m, err = c.SaveMeetingDraft(ctx, m); err != nil {
			fmt.Println("save:", err)
			os.Exit(3)
		}
		fmt.Println(n)
		time.Sleep(200 * time.Millisecond)
	}
}

// TestKillDuringDraftSaves kills a process that is saving a draft (kill -9, as a power cut
// would) and checks that every save it reported is in the file, so at most the typing since
// the last save (under two seconds in the window) is lost, and the file is sound.
func TestKillDuringDraftSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	ctx := context.Background()
	c, dir := newCell(t)
	if _, err := c.AddMember(ctx, sampleMember()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateMeeting(ctx, MeetingRegular, NewDate(2026, 3, 5)); err != nil {
		t.Fatal(err)
	}
	c.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CHIBO_KILL_HELPER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	last := 0
	for lines.Scan() {
		n, err := strconv.Atoi(lines.Text())
		if err != nil {
			t.Fatalf("helper: %s", lines.Text())
		}
		last = n
		if n == 12 {
			cmd.Process.Signal(syscall.SIGKILL)
			break
		}
	}
	cmd.Wait()
	if last < 12 {
		t.Fatalf("the helper saved only %d times", last)
	}
	c2, err := OpenCell(ctx, dir, "LUNGVAI", testPass)
	if err != nil {
		t.Fatalf("open after kill -9: %v", err)
	}
	defer c2.Close()
	if err := c2.CheckIntegrity(ctx); err != nil {
		t.Fatalf("integrity after kill -9: %v", err)
	}
	ms, _ := c2.ListMeetings(ctx)
	notes := ms[0].Body.Notes
	if !strings.Contains(notes, fmt.Sprintf("dòng %d;", last)) {
		t.Errorf("the last reported save (%d) is missing after kill -9; the draft ends %q", last, notes[max(0, len(notes)-40):])
	}
}
