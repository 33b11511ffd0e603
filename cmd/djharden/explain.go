package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/checklist"
	"github.com/djharden/djharden/checklist/scan"
)

func newExplainCmd(s *ioStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [ITEM]",
		Short: "Read the lesson for a checklist item (all items without ITEM)",
		Example: `  djharden explain
  djharden explain secret-key
  djharden explain sql-fstring`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, it := range checklist.Items() {
				ids = append(ids, it.ID+"\t"+it.Title)
			}
			for _, r := range scan.Rules() {
				ids = append(ids, r.ID+"\t"+r.Title)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			return runExplain(id, s)
		},
	}
}

func runExplain(id string, s *ioStreams) error {
	st := s.renderer().NewStyle().Bold(true)
	if id == "" {
		for i, it := range checklist.Items() {
			if i > 0 {
				fmt.Fprintln(s.Out)
			}
			writeLesson(s.Out, st.Render(it.Title), it.ID, it.Lesson, it.Docs, it.DjangoIDs)
		}
		return nil
	}
	if it := checklist.Lookup(id); it != nil {
		writeLesson(s.Out, st.Render(it.Title), it.ID, it.Lesson, it.Docs, it.DjangoIDs)
		return nil
	}
	for _, r := range scan.Rules() {
		if r.ID == id {
			writeLesson(s.Out, st.Render(r.Title), r.ID, r.Lesson+"\n\nThe safe way: "+r.Safe, r.Docs, nil)
			return nil
		}
	}
	var ids []string
	for _, it := range checklist.Items() {
		ids = append(ids, it.ID)
	}
	return usageErr("no item %q; items are: %s", id, strings.Join(ids, ", "))
}

func writeLesson(w io.Writer, title, id, lesson, docs string, djangoIDs []string) {
	fmt.Fprintf(w, "%s  [%s]\n", title, id)
	for _, line := range strings.Split(strings.TrimSpace(lesson), "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if len(djangoIDs) > 0 {
		fmt.Fprintf(w, "  Django checks: %s\n", strings.Join(djangoIDs, ", "))
	}
	if docs != "" {
		fmt.Fprintf(w, "  Docs: %s\n", docs)
	}
}
