"""What a kube-apiserver would accept: Gateway API objects checked against the CRDs a user supplies.

`crds` reads CustomResourceDefinitions, `schema` compiles their structural schemas, `structural` and
`objectmeta` walk an object as the apiserver does on create, `celrules` evaluates the
`x-kubernetes-validations` rules (with `cel_library` and `celsource`), `re2` and `formats` give patterns and
formats their Go meaning, and `fielderrors` words the errors. `validate` ties them together.
"""
