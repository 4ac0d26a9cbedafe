
    
    



select occurred_at
from main."fct_events"
where occurred_at is null


