package main

import (
	"context"
	"fmt"
	"strings"
)

// script is what -script runs, for tests: it puts two keys on every
// shard, reads them back, overwrites one, and checks every answer.
func (c *client) script(ctx context.Context) error {
	keys := scriptKeys(c.shards)
	for _, k := range keys {
		if _, err := c.put(ctx, k, scriptValue(k)); err != nil {
			return err
		}
	}
	for _, k := range keys {
		res, err := c.get(ctx, k)
		if err != nil {
			return err
		}
		if want := shardOf(k, c.shards); !res.Found || res.Value != scriptValue(k) || res.Shard != want {
			return fmt.Errorf("get %s: got %+v, want %q from shard %d", k, res, scriptValue(k), want)
		}
	}
	res, err := c.put(ctx, keys[0], "changed")
	if err != nil {
		return err
	}
	if !res.Found || res.Value != scriptValue(keys[0]) {
		return fmt.Errorf("put %s again: got %+v, want the previous value %q", keys[0], res, scriptValue(keys[0]))
	}
	c.out.printf("script ok: %d keys, %d shards", len(keys), c.shards)
	return nil
}

// scriptKeys returns the first keys of the series key-0, key-1, ... such
// that each of the shards owns two of them.
func scriptKeys(shards int) []string {
	owned := make([]int, shards)
	var keys []string
	for i := 0; len(keys) < 2*shards; i++ {
		k := fmt.Sprintf("key-%d", i)
		if s := shardOf(k, shards); owned[s] < 2 {
			owned[s]++
			keys = append(keys, k)
		}
	}
	return keys
}

// scriptValue is the value that the script puts under key: value-N for
// key-N.
func scriptValue(key string) string { return "value-" + strings.TrimPrefix(key, "key-") }
