
    
    



select event_id
from main."fct_events"
where event_id is null


