
    
    



select customer_id
from main."stg_events"
where customer_id is null


