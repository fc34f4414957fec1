package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// encodeQuery renders params as a query string the way Seam's SDKs do for
// GET and DELETE, which is what the server decodes: the params' JSON form,
// with arrays as repeated keys, null and empty arrays as "key=", and members
// of nested objects as dotted keys.
func encodeQuery(params any) (url.Values, error) {
	obj, err := paramsObject(params)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	if err := flattenQuery(q, "", obj); err != nil {
		return nil, err
	}
	return q, nil
}

// paramsObject turns params (nil, a struct, a map or raw JSON) into the
// JSON object it stands for, numbers kept as written.
func paramsObject(params any) (map[string]any, error) {
	b, err := encodeBody(params)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, fmt.Errorf("params must be a JSON object: %w", err)
	}
	if obj == nil {
		obj = map[string]any{}
	}
	return obj, nil
}

func flattenQuery(q url.Values, prefix string, obj map[string]any) error {
	for k, v := range obj {
		if strings.Contains(k, ".") {
			return fmt.Errorf("parameter %q: a dot cannot be sent in a query string", k)
		}
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case map[string]any:
			if err := flattenQuery(q, key, v); err != nil {
				return err
			}
		case []any:
			if len(v) == 0 {
				q.Add(key, "")
			}
			for _, item := range v {
				if item == nil || item == "" {
					// "key=" already means an empty array.
					return fmt.Errorf("parameter %q: null and empty strings cannot be sent in an array in a query string", key)
				}
				s, err := queryScalar(item)
				if err != nil {
					return fmt.Errorf("parameter %q: %w", key, err)
				}
				q.Add(key, s)
			}
		default:
			s, err := queryScalar(v)
			if err != nil {
				return fmt.Errorf("parameter %q: %w", key, err)
			}
			q.Add(key, s)
		}
	}
	return nil
}

func queryScalar(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		if v {
			return "true", nil
		}
		return "false", nil
	}
	return "", errors.New("nested arrays and objects in arrays cannot be sent in a query string")
}
