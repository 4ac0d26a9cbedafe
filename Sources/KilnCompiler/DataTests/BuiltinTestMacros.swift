import KilnJinja

/// dbt's four built-in generic tests as Kiln templates: `test_<name>` dispatches to
/// `<adapter>__test_<name>` or `default__test_<name>` (so a project can override either), and
/// the SQL is the failing-row query dbt documents. The blank lines are deliberate: the
/// rendered text matches dbt's compiled test files byte for byte.
enum BuiltinTestMacros {
  static let source = """
    {% test unique(model, column_name) %}
        {% set impl = adapter.dispatch('test_unique', 'dbt') %}
        {{ impl(model, column_name) }}
    {% endtest %}

    {% test not_null(model, column_name) %}
        {% set impl = adapter.dispatch('test_not_null', 'dbt') %}
        {{ impl(model, column_name) }}
    {% endtest %}

    {% test accepted_values(model, column_name, values, quote=True) %}
        {% set impl = adapter.dispatch('test_accepted_values', 'dbt') %}
        {{ impl(model, column_name, values, quote) }}
    {% endtest %}

    {% test relationships(model, column_name, to, field) %}
        {% set impl = adapter.dispatch('test_relationships', 'dbt') %}
        {{ impl(model, column_name, to, field) }}
    {% endtest %}

    {% macro default__test_unique(model, column_name) %}

    select
        {{ column_name }} as unique_field,
        count(*) as n_records

    from {{ model }}
    where {{ column_name }} is not null
    group by {{ column_name }}
    having count(*) > 1

    {% endmacro %}

    {% macro default__test_not_null(model, column_name) %}

    {% set column_list = '*' if should_store_failures() else column_name %}

    select {{ column_list }}
    from {{ model }}
    where {{ column_name }} is null

    {% endmacro %}

    {% macro default__test_accepted_values(model, column_name, values, quote=True) %}

    with all_values as (

        select
            {{ column_name }} as value_field,
            count(*) as n_records

        from {{ model }}
        group by {{ column_name }}

    )

    select *
    from all_values
    where value_field not in (
        {% for v in values %}{{ ("'" ~ v ~ "'") if quote else v }}{{ "," if not loop.last }}{% endfor %}
    )

    {% endmacro %}

    {% macro default__test_relationships(model, column_name, to, field) %}

    with child as (
        select {{ column_name }} as from_field
        from {{ model }}
        where {{ column_name }} is not null
    ),

    parent as (
        select {{ field }} as to_field
        from {{ to }}
    )

    select
        from_field

    from child
    left join parent
        on child.from_field = parent.to_field

    where parent.to_field is null

    {% endmacro %}
    """

  /// The macros by name (`test_unique`, `default__test_unique`...).
  static func values(_ environment: Environment) -> [String: Value] {
    guard let t = try? environment.parse(source, name: "<kiln builtin tests>") else {
      preconditionFailure("the built-in test macros do not parse")
    }
    var out: [String: Value] = [:]
    for d in t.definitions where d.kind == .macro || d.kind == .test { out[d.name] = d.macro }
    return out
  }
}
