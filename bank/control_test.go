package bank

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mockround/mockround/internal/safe"
)

// ctHostile clears the screen, sets the window title, writes to the
// clipboard (OSC 52), returns the cursor, backspaces and starts a C1 CSI.
const ctHostile = "\x1b[2J\x1b]0;TITLE\x07\x1b]52;c;aGk=\x07\r\b\u009b"

// ctBank is a bank with every kind of string in it, each on its own line;
// the value of the string at path is put = value.
func ctBank(path, value string) string {
	q := func(v string) string {
		b, _ := json.Marshal(v) // control characters as \u escapes, as JSON wants them
		return string(b)
	}
	field := func(p, v string) string {
		if p == path {
			return q(value)
		}
		return q(v)
	}
	return "{\n" +
		`"title": ` + field("title", "Bank") + ",\n" +
		`"preparation_notes": [` + field("preparation_notes[0]", "Read up") + "],\n" +
		`"rounds": [{"id": ` + field("rounds[0].id", "r") + `, "title": ` + field("rounds[0].title", "Round") + ",\n" +
		`"prep": ` + field("rounds[0].prep", "30s") + ",\n" +
		`"categories": [{"id": ` + field("rounds[0].categories[0].id", "c") + `, "title": ` + field("rounds[0].categories[0].title", "Cat") + ",\n" +
		`"questions": [{"id": "q1", "text": "First?"},` + "\n" +
		`{"id": ` + field("rounds[0].categories[0].questions[1].id", "q2") + ",\n" +
		`"text": ` + field("rounds[0].categories[0].questions[1].text", "Second?") + ",\n" +
		`"answer": ` + field("rounds[0].categories[0].questions[1].answer", "2m") + ",\n" +
		`"talking_points": ["one", ` + field("rounds[0].categories[0].questions[1].talking_points[1]", "two") + "]}]}]}]}\n"
}

var ctPaths = []string{
	"title",
	"preparation_notes[0]",
	"rounds[0].id",
	"rounds[0].title",
	"rounds[0].prep",
	"rounds[0].categories[0].id",
	"rounds[0].categories[0].title",
	"rounds[0].categories[0].questions[1].id",
	"rounds[0].categories[0].questions[1].text",
	"rounds[0].categories[0].questions[1].answer",
	"rounds[0].categories[0].questions[1].talking_points[1]",
}

// TestParseBankControlCharacters: a control character in any string of a
// bank is a problem, with the JSON path, line:column and the character; the
// message itself prints nothing a terminal would act on.
func TestParseBankControlCharacters(t *testing.T) {
	mustParseBank(t, "bank.json", []byte(ctBank("", "")))
	for _, path := range ctPaths {
		for _, tc := range []struct {
			name, value, msg string
		}{
			{"escape sequences", ctHostile, "contains 8 control characters, the first (U+001B ESC) at character 1; remove them"},
			{"one ESC mid-text", "Second\x1b[8m?", "contains a control character (U+001B ESC) at character 7; remove it"},
			{"DEL", "Sec\x7fond", "(U+007F DEL) at character 4"},
			{"C1 CSI", "Sé\u009b31m", "(U+009B CSI) at character 3"},
			{"NEL inside", "a\u0085b", "(U+0085 NEL) at character 2"},
			{"newline inside", "two\nlines", "(U+000A LF) at character 4"},
			{"tab inside", "a\tb", "(U+0009 HT) at character 2"},
			{"NUL", "a\x00", "(U+0000 NUL) at character 2"},
			{"after trimmed space", "  x\x07", "(U+0007 BEL) at character 4"},
		} {
			t.Run(path+"/"+tc.name, func(t *testing.T) {
				in := ctBank(path, tc.value)
				be := mustFailBank(t, []byte(in))
				if len(be.Problems) != 1 {
					t.Fatalf("%d problems, want 1:\n%s", len(be.Problems), be)
				}
				p := be.Problems[0]
				if p.Path != path || !strings.Contains(p.Msg, tc.msg) {
					t.Errorf("problem %s: %s\nwant %s: ...%s", p.Path, p.Msg, path, tc.msg)
				}
				// The position is that of the value: find it in the file.
				key := path[strings.LastIndexAny(path, ".]")+1:]
				if strings.HasSuffix(path, "]") {
					key = "talking_points"
				}
				if path == "preparation_notes[0]" {
					key = "preparation_notes"
				}
				line := strings.Split(in, "\n")[p.Line-1]
				if !strings.Contains(line, `"`+key+`"`) {
					t.Errorf("line %d is %q, which does not hold %s", p.Line, line, key)
				}
				if _, _, n := safe.FindControl(strings.ReplaceAll(be.Error(), "\n", "")); n != 0 {
					t.Errorf("the message holds control characters: %q", be.Error())
				}
			})
		}
	}
}

// TestParseBankControlCharacterPositions pins line:column on one value.
func TestParseBankControlCharacterPositions(t *testing.T) {
	be := mustFailBank(t, []byte(oneQuestion(`{"id": "q", "text": "Clear \u001b[2J the screen"}`)))
	checkBankProblems(t, be, []Problem{{
		Path: "rounds[0].categories[0].questions[0].text", Line: 2, Col: 21,
		Msg: "contains a control character (U+001B ESC) at character 7; remove it",
	}})
}

// TestParseBankControlInKey: an unknown key with control characters is
// named in the path made safe to print.
func TestParseBankControlInKey(t *testing.T) {
	be := mustFailBank(t, []byte(withTop(`"title": "T", "\u001b]0;x\u0007": 1,`)))
	if len(be.Problems) != 1 || be.Problems[0].Path != `\x1b]0;x\a` {
		t.Fatalf("problems %+v", be.Problems)
	}
	if _, _, n := safe.FindControl(be.Error()); n != 0 {
		t.Errorf("the message holds control characters: %q", be.Error())
	}
}

// TestParseBankEdgeSpaceAllowed: white space that is trimmed away (a
// trailing newline in a text) is not a problem: it never reaches the screen.
func TestParseBankEdgeSpaceAllowed(t *testing.T) {
	b := mustParseBank(t, "bank.json", []byte(ctBank("rounds[0].categories[0].questions[1].text", "\tSecond?\r\n")))
	if got := b.Rounds[0].Categories[0].Questions[1].Text; got != "Second?" {
		t.Errorf("text %q", got)
	}
}
