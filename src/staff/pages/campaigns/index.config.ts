export default definePageConfig({
  navigationBarTitleText: '营销活动',
  navigationBarBackgroundColor: '#173129',
});
