{# dispatched: sqlite__ wins on SQLite, default__ everywhere else #}
{% macro concat_ws(sep, columns) -%}
    {{ return(adapter.dispatch('concat_ws', 'macros_and_dispatch')(sep, columns)) }}
{%- endmacro %}

{% macro sqlite__concat_ws(sep, columns) -%}
    {%- for column in columns -%}
        {{ column }}{% if not loop.last %} || '{{ sep }}' || {% endif %}
    {%- endfor -%}
{%- endmacro %}

{% macro default__concat_ws(sep, columns) -%}
    concat_ws('{{ sep }}', {{ columns | join(', ') }})
{%- endmacro %}

{# dispatched without a namespace; only a default__ implementation exists #}
{% macro current_day() -%}
    {{ return(adapter.dispatch('current_day')()) }}
{%- endmacro %}

{% macro default__current_day() -%}
    '2024-06-30'
{%- endmacro %}
