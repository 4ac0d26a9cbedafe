import KilnJinja

/// dbt's cross-database macros (`dbt.dateadd`, `dbt.type_string()`...), which packages such
/// as dbt_utils call through `adapter.dispatch(name, 'dbt')`, so a project's own
/// `<adapter>__name` or `default__name` still wins.
///
/// The text of each macro is laid out so the rendered SQL is byte for byte what dbt-core
/// 1.10 with dbt-postgres 1.9 and dbt-sqlite 1.10 compile (`CrossDatabaseMacroTests` compares
/// with their output). Where dbt-sqlite's SQL cannot run on SQLite (`dateadd` reads the date
/// part as a column, `datediff` and `listagg` have no SQLite version, `hash` double-encodes
/// with Kiln's text `md5`), Kiln's `sqlite__` macro writes SQL that runs; COMPATIBILITY.md lists them.
enum CrossDatabaseMacros {
  static let source = #"""
    {% macro any_value(expression) -%}
        {{ return(adapter.dispatch('any_value', 'dbt') (expression)) }}
    {% endmacro %}
    {% macro default__any_value(expression) -%}

        any_value({{ expression }})

    {%- endmacro %}
    {% macro postgres__any_value(expression) -%}

        min({{ expression }})

    {%- endmacro %}
    {% macro sqlite__any_value(expression) -%}

        min({{ expression }})

    {%- endmacro %}

    {% macro bool_or(expression) -%}
        {{ return(adapter.dispatch('bool_or', 'dbt') (expression)) }}
    {% endmacro %}
    {% macro default__bool_or(expression) -%}

        bool_or({{ expression }})

    {%- endmacro %}
    {% macro sqlite__bool_or(expression) -%}

        max({{ expression }})

    {%- endmacro %}

    {% macro cast(field, type) %}
      {{ return(adapter.dispatch('cast', 'dbt') (field, type)) }}
    {% endmacro %}
    {% macro default__cast(field, type) %}
        cast({{field}} as {{type}})
    {% endmacro %}

    {% macro safe_cast(field, type) %}
      {{ return(adapter.dispatch('safe_cast', 'dbt') (field, type)) }}
    {% endmacro %}
    {% macro default__safe_cast(field, type) %}
        {# no safe cast on Postgres or SQLite: a plain cast #}
        cast({{field}} as {{type}})
    {% endmacro %}

    {% macro cast_bool_to_text(field) %}
      {{ adapter.dispatch('cast_bool_to_text', 'dbt') (field) }}
    {% endmacro %}
    {% macro default__cast_bool_to_text(field) %}
        cast({{ field }} as {{ api.Column.translate_type('string') }})
    {% endmacro %}
    {% macro sqlite__cast_bool_to_text(field) %}
        case
          when {{ field }} = 0 then 'false'
          when {{ field }} = 1 then 'true'    
        end
    {% endmacro %}

    {% macro concat(fields) -%}
      {{ return(adapter.dispatch('concat', 'dbt')(fields)) }}
    {%- endmacro %}
    {% macro default__concat(fields) -%}
        {{ fields|join(' || ') }}
    {%- endmacro %}

    {% macro date_trunc(datepart, date) -%}
      {{ return(adapter.dispatch('date_trunc', 'dbt') (datepart, date)) }}
    {%- endmacro %}
    {% macro default__date_trunc(datepart, date) -%}
        date_trunc('{{datepart}}', {{date}})
    {%- endmacro %}

    {% macro dateadd(datepart, interval, from_date_or_timestamp) %}
      {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
    {% endmacro %}
    {% macro default__dateadd(datepart, interval, from_date_or_timestamp) %}

        dateadd(
            {{ datepart }},
            {{ interval }},
            {{ from_date_or_timestamp }}
            )

    {% endmacro %}
    {% macro postgres__dateadd(datepart, interval, from_date_or_timestamp) %}

        {{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }}))

    {% endmacro %}
    {% macro sqlite__dateadd(datepart, interval, from_date_or_timestamp) %}
    {%- set part = datepart if datepart is string and datepart.startswith("'") else "'" ~ datepart ~ "'" %}
        -- If provided a DATETIME, returns a DATETIME
        -- If provided a DATE, returns a DATE

        CASE
            -- Matches DATETIME type based on ISO-8601 
            WHEN {{ from_date_or_timestamp }} LIKE '%:%' OR ({{ from_date_or_timestamp }} LIKE '%T%' AND {{ from_date_or_timestamp }} LIKE '%Z%') THEN
                CASE
                    WHEN LOWER({{ part }}) = 'second' THEN datetime({{ from_date_or_timestamp }}, {{ interval }} || ' seconds')
                    WHEN LOWER({{ part }}) = 'minute' THEN datetime({{ from_date_or_timestamp }}, {{ interval }} || ' minutes')
                    WHEN LOWER({{ part }}) = 'hour' THEN datetime({{ from_date_or_timestamp }}, {{ interval }} || ' hours')
                    WHEN LOWER({{ part }}) = 'day' THEN datetime({{ from_date_or_timestamp }}, {{ interval }} || ' days')
                    WHEN LOWER({{ part }}) = 'week' THEN datetime({{ from_date_or_timestamp }}, ({{ interval }} * 7) || ' days')
                    WHEN LOWER({{ part }}) = 'month' THEN datetime({{ from_date_or_timestamp }}, {{ interval }} || ' months')
                    WHEN LOWER({{ part }}) = 'quarter' THEN datetime({{ from_date_or_timestamp }}, ({{ interval }} * 3) || ' months')
                    WHEN LOWER({{ part }}) = 'year' THEN datetime({{ from_date_or_timestamp }}, {{ interval }} || ' years')
                    ELSE NULL
                END
            -- Matches DATE type based on ISO-8601
            WHEN {{ from_date_or_timestamp }} LIKE '%-%' AND {{ from_date_or_timestamp }} NOT LIKE '%T%' AND {{ from_date_or_timestamp }} NOT LIKE '% %' THEN
                CASE
                    WHEN LOWER({{ part }}) IN ('second', 'minute', 'hour') THEN date({{ from_date_or_timestamp }})
                    WHEN LOWER({{ part }}) = 'day' THEN date({{ from_date_or_timestamp }}, {{ interval }} || ' days')
                    WHEN LOWER({{ part }}) = 'week' THEN date({{ from_date_or_timestamp }}, ({{ interval }} * 7) || ' days')
                    WHEN LOWER({{ part }}) = 'month' THEN date({{ from_date_or_timestamp }}, {{ interval }} || ' months')
                    WHEN LOWER({{ part }}) = 'quarter' THEN date({{ from_date_or_timestamp }}, ({{ interval }} * 3) || ' months')
                    WHEN LOWER({{ part }}) = 'year' THEN date({{ from_date_or_timestamp }}, {{ interval }} || ' years')
                    ELSE NULL
                END
            ELSE
                NULL
        END
    {% endmacro %}

    {% macro datediff(first_date, second_date, datepart) %}
      {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
    {% endmacro %}
    {% macro default__datediff(first_date, second_date, datepart) -%}

        datediff(
            {{ datepart }},
            {{ first_date }},
            {{ second_date }}
            )

    {%- endmacro %}
    {% macro postgres__datediff(first_date, second_date, datepart) -%}

        {% if datepart == 'year' %}
            (date_part('year', ({{second_date}})::date) - date_part('year', ({{first_date}})::date))
        {% elif datepart == 'quarter' %}
            ({{ datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', ({{second_date}})::date) - date_part('quarter', ({{first_date}})::date))
        {% elif datepart == 'month' %}
            ({{ datediff(first_date, second_date, 'year') }} * 12 + date_part('month', ({{second_date}})::date) - date_part('month', ({{first_date}})::date))
        {% elif datepart == 'day' %}
            (({{second_date}})::date - ({{first_date}})::date)
        {% elif datepart == 'week' %}
            ({{ datediff(first_date, second_date, 'day') }} / 7 + case
                when date_part('dow', ({{first_date}})::timestamp) <= date_part('dow', ({{second_date}})::timestamp) then
                    case when {{first_date}} <= {{second_date}} then 0 else -1 end
                else
                    case when {{first_date}} <= {{second_date}} then 1 else 0 end
            end)
        {% elif datepart == 'hour' %}
            ({{ datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', ({{second_date}})::timestamp) - date_part('hour', ({{first_date}})::timestamp))
        {% elif datepart == 'minute' %}
            ({{ datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', ({{second_date}})::timestamp) - date_part('minute', ({{first_date}})::timestamp))
        {% elif datepart == 'second' %}
            ({{ datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', ({{second_date}})::timestamp)) - floor(date_part('second', ({{first_date}})::timestamp)))
        {% elif datepart == 'millisecond' %}
            ({{ datediff(first_date, second_date, 'minute') }} * 60000 + floor(date_part('millisecond', ({{second_date}})::timestamp)) - floor(date_part('millisecond', ({{first_date}})::timestamp)))
        {% elif datepart == 'microsecond' %}
            ({{ datediff(first_date, second_date, 'minute') }} * 60000000 + floor(date_part('microsecond', ({{second_date}})::timestamp)) - floor(date_part('microsecond', ({{first_date}})::timestamp)))
        {% else %}
            {{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in postgres: {!r}".format(datepart)) }}
        {% endif %}

    {%- endmacro %}
    {% macro sqlite__datediff(first_date, second_date, datepart) -%}
    {#- Kiln's: boundaries crossed, as Postgres counts them -#}
    {%- if datepart == 'year' -%}
    (cast(strftime('%Y', {{second_date}}) as integer) - cast(strftime('%Y', {{first_date}}) as integer))
    {%- elif datepart == 'quarter' -%}
    ({{ datediff(first_date, second_date, 'year') }} * 4 + (cast(strftime('%m', {{second_date}}) as integer) + 2) / 3 - (cast(strftime('%m', {{first_date}}) as integer) + 2) / 3)
    {%- elif datepart == 'month' -%}
    ({{ datediff(first_date, second_date, 'year') }} * 12 + cast(strftime('%m', {{second_date}}) as integer) - cast(strftime('%m', {{first_date}}) as integer))
    {%- elif datepart == 'day' -%}
    cast(julianday(date({{second_date}})) - julianday(date({{first_date}})) as integer)
    {%- elif datepart == 'week' -%}
    ({{ datediff(first_date, second_date, 'day') }} / 7 + case
        when cast(strftime('%w', {{first_date}}) as integer) <= cast(strftime('%w', {{second_date}}) as integer) then
            case when {{first_date}} <= {{second_date}} then 0 else -1 end
        else
            case when {{first_date}} <= {{second_date}} then 1 else 0 end
    end)
    {%- elif datepart == 'hour' -%}
    ({{ datediff(first_date, second_date, 'day') }} * 24 + cast(strftime('%H', {{second_date}}) as integer) - cast(strftime('%H', {{first_date}}) as integer))
    {%- elif datepart == 'minute' -%}
    ({{ datediff(first_date, second_date, 'hour') }} * 60 + cast(strftime('%M', {{second_date}}) as integer) - cast(strftime('%M', {{first_date}}) as integer))
    {%- elif datepart == 'second' -%}
    ({{ datediff(first_date, second_date, 'minute') }} * 60 + cast(strftime('%S', {{second_date}}) as integer) - cast(strftime('%S', {{first_date}}) as integer))
    {%- else -%}
    {{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in sqlite: {!r}".format(datepart)) }}
    {%- endif -%}
    {%- endmacro %}

    {% macro escape_single_quotes(expression) %}
          {{ return(adapter.dispatch('escape_single_quotes', 'dbt') (expression)) }}
    {% endmacro %}
    {% macro default__escape_single_quotes(expression) -%}
    {{ expression | replace("'","''") }}
    {%- endmacro %}

    {% macro hash(field) -%}
      {{ return(adapter.dispatch('hash', 'dbt') (field)) }}
    {%- endmacro %}
    {% macro default__hash(field) -%}
        md5(cast({{ field }} as {{ api.Column.translate_type('string') }}))
    {%- endmacro %}

    {% macro last_day(date, datepart) %}
      {{ return(adapter.dispatch('last_day', 'dbt') (date, datepart)) }}
    {% endmacro %}
    {%- macro default_last_day(date, datepart) -%}
        cast(
            {{dbt.dateadd('day', '-1',
            dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))
            )}}
            as date)
    {%- endmacro -%}
    {% macro default__last_day(date, datepart) -%}
        {{dbt.default_last_day(date, datepart)}}
    {%- endmacro %}
    {% macro sqlite__last_day(date, datepart) -%}
    {#- Kiln's: a cast to date would give SQLite's numeric affinity (2024) -#}
    {{dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date)))}}
    {%- endmacro %}
    {% macro postgres__last_day(date, datepart) -%}

        {%- if datepart == 'quarter' -%}
        -- postgres dateadd does not support quarter interval.
        cast(
            {{dbt.dateadd('day', '-1',
            dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))
            )}}
            as date)
        {%- else -%}
        {{dbt.default_last_day(date, datepart)}}
        {%- endif -%}

    {%- endmacro %}

    {% macro length(expression) -%}
        {{ return(adapter.dispatch('length', 'dbt') (expression)) }}
    {% endmacro %}
    {% macro default__length(expression) %}

        length(
            {{ expression }}
        )

    {%- endmacro -%}

    {% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
        {{ return(adapter.dispatch('listagg', 'dbt') (measure, delimiter_text, order_by_clause, limit_num)) }}
    {%- endmacro %}
    {% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}

        {% if limit_num -%}
        array_to_string(
            array_slice(
                array_agg(
                    {{ measure }}
                ){% if order_by_clause -%}
                within group ({{ order_by_clause }})
                {%- endif %}
                ,0
                ,{{ limit_num }}
            ),
            {{ delimiter_text }}
            )
        {%- else %}
        listagg(
            {{ measure }},
            {{ delimiter_text }}
            )
            {% if order_by_clause -%}
            within group ({{ order_by_clause }})
            {%- endif %}
        {%- endif %}

    {%- endmacro %}
    {% macro postgres__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}

        {% if limit_num -%}
        array_to_string(
            (array_agg(
                {{ measure }}
                {% if order_by_clause -%}
                {{ order_by_clause }}
                {%- endif %}
            ))[1:{{ limit_num }}],
            {{ delimiter_text }}
            )
        {%- else %}
        string_agg(
            {{ measure }},
            {{ delimiter_text }}
            {% if order_by_clause -%}
            {{ order_by_clause }}
            {%- endif %}
            )
        {%- endif %}

    {%- endmacro %}
    {% macro sqlite__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {#- Kiln's: SQLite before 3.44 has no order by inside an aggregate -#}
    {%- if order_by_clause or limit_num -%}
    {{ exceptions.raise_compiler_error("listagg with order_by_clause or limit_num is not supported on sqlite (group_concat takes no order before SQLite 3.44)") }}
    {%- endif -%}
    group_concat({{ measure }}, {{ delimiter_text }})
    {%- endmacro %}

    {%- macro string_literal(value) -%}
      {{ return(adapter.dispatch('string_literal', 'dbt') (value)) }}
    {%- endmacro -%}
    {% macro default__string_literal(value) -%}
        '{{ value }}'
    {%- endmacro %}

    {% macro position(substring_text, string_text) -%}
        {{ return(adapter.dispatch('position', 'dbt') (substring_text, string_text)) }}
    {% endmacro %}
    {% macro default__position(substring_text, string_text) %}

        position(
            {{ substring_text }} in {{ string_text }}
        )

    {%- endmacro -%}
    {% macro sqlite__position(substring_text, string_text) %}

        instr({{ string_text }}, {{ substring_text }})

    {%- endmacro -%}

    {% macro replace(field, old_chars, new_chars) -%}
        {{ return(adapter.dispatch('replace', 'dbt') (field, old_chars, new_chars)) }}
    {% endmacro %}
    {% macro default__replace(field, old_chars, new_chars) %}

        replace(
            {{ field }},
            {{ old_chars }},
            {{ new_chars }}
        )


    {% endmacro %}

    {% macro right(string_text, length_expression) -%}
        {{ return(adapter.dispatch('right', 'dbt') (string_text, length_expression)) }}
    {% endmacro %}
    {% macro default__right(string_text, length_expression) %}

        right(
            {{ string_text }},
            {{ length_expression }}
        )

    {%- endmacro -%}
    {% macro sqlite__right(string_text, length_expression) %}
        case
          when {{ length_expression }} <> 0 then 
          substr(
              {{ string_text }},
              -1 * {{ length_expression }}
          )
          else ''
        end
    {%- endmacro -%}

    {% macro split_part(string_text, delimiter_text, part_number) %}
      {{ return(adapter.dispatch('split_part', 'dbt') (string_text, delimiter_text, part_number)) }}
    {% endmacro %}
    {% macro default__split_part(string_text, delimiter_text, part_number) %}

        split_part(
            {{ string_text }},
            {{ delimiter_text }},
            {{ part_number }}
            )

    {% endmacro %}
    {% macro _split_part_negative(string_text, delimiter_text, part_number) %}

        split_part(
            {{ string_text }},
            {{ delimiter_text }},
              length({{ string_text }})
              - length(
                  replace({{ string_text }},  {{ delimiter_text }}, '')
              ) + 2 + {{ part_number }}
            )

    {% endmacro %}
    {% macro postgres__split_part(string_text, delimiter_text, part_number) %}

      {% if part_number >= 0 %}
        {{ dbt.default__split_part(string_text, delimiter_text, part_number) }}
      {% else %}
        {{ dbt._split_part_negative(string_text, delimiter_text, part_number) }}
      {% endif %}

    {% endmacro %}

    {%- macro current_timestamp() -%}
        {{ adapter.dispatch('current_timestamp', 'dbt')() }}
    {%- endmacro -%}
    {% macro default__current_timestamp() -%}
      {{ exceptions.raise_not_implemented(
        'current_timestamp macro not implemented for adapter ' + adapter.type()) }}
    {%- endmacro %}
    {% macro postgres__current_timestamp() -%}
        now()
    {%- endmacro %}
    {% macro sqlite__current_timestamp() -%}
        datetime()
    {%- endmacro %}

    {%- macro type_string() -%}
      {{ return(adapter.dispatch('type_string', 'dbt')()) }}
    {%- endmacro -%}
    {% macro default__type_string() %}
        {{ return(api.Column.translate_type("string")) }}
    {% endmacro %}
    {%- macro type_timestamp() -%}
      {{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}
    {%- endmacro -%}
    {% macro default__type_timestamp() %}
        {{ return(api.Column.translate_type("timestamp")) }}
    {% endmacro %}
    {%- macro type_float() -%}
      {{ return(adapter.dispatch('type_float', 'dbt')()) }}
    {%- endmacro -%}
    {% macro default__type_float() %}
        {{ return(api.Column.translate_type("float")) }}
    {% endmacro %}
    {%- macro type_numeric() -%}
      {{ return(adapter.dispatch('type_numeric', 'dbt')()) }}
    {%- endmacro -%}
    {% macro default__type_numeric() %}
        {{ return(api.Column.numeric_type("numeric", 28, 6)) }}
    {% endmacro %}
    {%- macro type_bigint() -%}
      {{ return(adapter.dispatch('type_bigint', 'dbt')()) }}
    {%- endmacro -%}
    {% macro default__type_bigint() %}
        {{ return(api.Column.translate_type("bigint")) }}
    {% endmacro %}
    {%- macro type_int() -%}
      {{ return(adapter.dispatch('type_int', 'dbt')()) }}
    {%- endmacro -%}
    {%- macro default__type_int() -%}
      {{ return(api.Column.translate_type("integer")) }}
    {%- endmacro -%}
    {%- macro type_boolean() -%}
      {{ return(adapter.dispatch('type_boolean', 'dbt')()) }}
    {%- endmacro -%}
    {%- macro default__type_boolean() -%}
      {{ return(api.Column.translate_type("boolean")) }}
    {%- endmacro -%}
    """#

  /// Parsed once per process; the macros are closure-free, so renders share them.
  static let definitions: [String: Value] = {
    guard let t = try? Environment().parse(source, name: "<kiln cross-database macros>") else {
      preconditionFailure("the cross-database macros do not parse")
    }
    var out: [String: Value] = [:]
    for d in t.definitions where d.kind == .macro { out[d.name] = d.macro }
    return out
  }()

  /// The macros by name, plus the `dbt` namespace (`dbt.dateadd`...) over them and `extra`
  /// (other built-ins such as the generic tests).
  static func values(extra: [String: Value]) -> [String: Value] {
    var out = definitions
    var namespace: [(String, Value)] = []
    for (k, v) in (definitions.merging(extra) { a, _ in a }).sorted(by: { $0.key < $1.key }) { namespace.append((k, v)) }
    out["dbt"] = .dict(namespace)
    return out
  }
}
