package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Plain prompts for the accessible flow: one line out, one line in.

// errLeave means the user left (q, or the input ended) before writing.
var errLeave = errors.New("left")

type prompter struct {
	in  *bufio.Reader
	out io.Writer
}

func (p *prompter) say(format string, args ...any) {
	fmt.Fprintf(p.out, format+"\n", args...)
}

// ask prints a prompt and reads one line; end of input or q leaves.
func (p *prompter) ask(prompt string) (string, error) {
	fmt.Fprint(p.out, prompt+" ")
	line, err := p.in.ReadString('\n')
	if err != nil && line == "" {
		p.say("")
		return "", errLeave
	}
	line = strings.TrimSpace(line)
	if strings.EqualFold(line, "q") || strings.EqualFold(line, "quit") {
		return "", errLeave
	}
	return line, nil
}

type choice struct{ label, value string }

// choose asks for one of the choices by number; enter takes def.
func (p *prompter) choose(title string, choices []choice, def string, explain func(string) string) (string, error) {
	p.say("%s", title)
	defNum := 1
	for i, c := range choices {
		if c.value == def {
			defNum = i + 1
		}
		p.say("  %d. %s", i+1, c.label)
	}
	for {
		ans, err := p.ask(fmt.Sprintf("Choose 1 to %d, enter for %d:", len(choices), defNum))
		if err != nil {
			return "", err
		}
		n := defNum
		if ans != "" {
			if n, err = strconv.Atoi(ans); err != nil || n < 1 || n > len(choices) {
				p.say("Please type a number from 1 to %d.", len(choices))
				continue
			}
		}
		v := choices[n-1].value
		if explain != nil {
			p.say("%s", explain(v))
		}
		return v, nil
	}
}

// confirm asks a yes/no question; enter takes def.
func (p *prompter) confirm(question string, def bool) (bool, error) {
	hint := "y or n, enter for no:"
	if def {
		hint = "y or n, enter for yes:"
	}
	for {
		ans, err := p.ask(question + " " + hint)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(ans) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		p.say("Please answer y or n.")
	}
}
