package readmodel

import (
	"reflect"
)

// approxSize estimates the bytes a cached value holds: its own size plus what its
// strings, slices, maps and pointers reach, each pointer followed once. It is what keeps
// the cache within Data.MaxBytes, so it errs high for maps (buckets) and ignores only
// what cannot be reached by reflection (the insides of a channel or a function).
func approxSize(v any) int64 {
	if v == nil {
		return 0
	}
	seen := map[uintptr]bool{}
	rv := reflect.ValueOf(v)
	return int64(rv.Type().Size()) + reached(rv, seen)
}

// reached is the size of what v refers to, beyond v itself.
func reached(v reflect.Value, seen map[uintptr]bool) int64 {
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 {
			return 0
		}
		p := v.Pointer()
		if seen[p] {
			return 0
		}
		seen[p] = true
		n := int64(v.Cap()) * int64(v.Type().Elem().Size())
		for i := 0; i < v.Len(); i++ {
			n += reached(v.Index(i), seen)
		}
		return n
	case reflect.Array:
		var n int64
		for i := 0; i < v.Len(); i++ {
			n += reached(v.Index(i), seen)
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return 0
		}
		p := v.Pointer()
		if seen[p] {
			return 0
		}
		seen[p] = true
		kv := int64(v.Type().Key().Size() + v.Type().Elem().Size())
		n := int64(48) + int64(v.Len())*(kv+8)
		it := v.MapRange()
		for it.Next() {
			n += reached(it.Key(), seen) + reached(it.Value(), seen)
		}
		return n
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		p := v.Pointer()
		if seen[p] {
			return 0
		}
		seen[p] = true
		return int64(v.Type().Elem().Size()) + reached(v.Elem(), seen)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + reached(e, seen)
	case reflect.Struct:
		var n int64
		for i := 0; i < v.NumField(); i++ {
			n += reached(v.Field(i), seen)
		}
		return n
	}
	return 0
}
