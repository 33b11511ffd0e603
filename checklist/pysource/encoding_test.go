package pysource

import "testing"

func TestUndecodableLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		line int
	}{
		{"A = 1\n", 0},
		{"\ufeffA = 'é'\n", 0},
		{"A = 1\nB = '\xe9'\n", 2},
		{"# -*- coding: latin-1 -*-\nB = '\xe9'\n", 0},
		{"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nB = '\xe9'\n", 0},
		{"A = 1\n\n# coding: latin-1\nB = '\xe9'\n", 4},  // a declaration on line 3 does not count
		{"# this file is about coding\nB = '\xe9'\n", 2}, // "coding" alone is no declaration
	} {
		if got := UndecodableLine([]byte(tc.src)); got != tc.line {
			t.Errorf("UndecodableLine(%q) = %d, want %d", tc.src, got, tc.line)
		}
	}
}
