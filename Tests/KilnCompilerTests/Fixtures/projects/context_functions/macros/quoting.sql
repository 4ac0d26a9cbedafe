{% macro cast_text(col) %}{{ return(adapter.dispatch('cast_text')(col)) }}{% endmacro %}
{% macro default__cast_text(col) %}cast({{ col }} as text){% endmacro %}
