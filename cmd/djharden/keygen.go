package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/djharden/djharden/generator"
)

type keygenOptions struct {
	Count int
}

func newKeygenCmd(s *ioStreams) *cobra.Command {
	opts := &keygenOptions{}
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Print a new secret key (64 URL-safe characters)",
		Long: `Print a new SECRET_KEY: 64 characters drawn uniformly with crypto/rand from
A-Z a-z 0-9 _ -, an alphabet every env-file reader (python-dotenv,
django-environ, python-decouple, Docker Compose) reads back unchanged.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runKeygen(opts, s)
		},
	}
	cmd.Flags().IntVarP(&opts.Count, "count", "n", 1, "how many keys to print")
	return cmd
}

func runKeygen(opts *keygenOptions, s *ioStreams) error {
	if opts.Count < 1 || opts.Count > 10000 {
		return usageErr("--count must be between 1 and 10000, not %d", opts.Count)
	}
	for i := 0; i < opts.Count; i++ {
		key, err := generator.NewKey()
		if err != nil {
			return usageErr("could not draw a key: %v", err)
		}
		fmt.Fprintln(s.Out, key)
	}
	return nil
}
