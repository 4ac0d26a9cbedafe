
    
    



select customer_id
from main."stg_subscriptions"
where customer_id is null


