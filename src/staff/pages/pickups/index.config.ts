export default definePageConfig({
  navigationBarTitleText: '到店领取',
  navigationBarBackgroundColor: '#173129',
});
