
      

    
    insert into main."fct_events" ("event_id", "customer_id", "event_type", "occurred_at", "event_date")
       select "event_id", "customer_id", "event_type", "occurred_at", "event_date"
       from temp."fct_events__dbt_tmp"
    ;
  