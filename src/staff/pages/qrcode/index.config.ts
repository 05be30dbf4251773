export default definePageConfig({
  navigationBarTitleText: '我的开卡码',
  navigationBarBackgroundColor: '#173129',
});
